package dev.gatehouse.routing;

import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RpcError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wraps the per-server cursors of a merged list page into one opaque cursor, so the next page asks each server
 * that had more for exactly its own next page. A cursor that does not decode is the client's error (-32602).
 */
public final class CursorCodec {

    private static final int MAX_CURSOR_CHARS = 16 * 1024;
    private static final String VERSION = "g1";

    private final JsonMapper mapper;

    public CursorCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The cursor for the servers that still have pages, in server order; null when none has. */
    public String wrap(Map<String, String> cursorsByServer) {
        if (cursorsByServer.isEmpty()) {
            return null;
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("v", VERSION);
        ObjectNode servers = node.putObject("c");
        cursorsByServer.forEach(servers::put);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mapper.writeValueAsBytes(node));
    }

    public Map<String, String> unwrap(String cursor) {
        if (cursor.length() > MAX_CURSOR_CHARS) {
            throw invalid();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor);
            JsonNode node = mapper.readTree(new String(json, StandardCharsets.UTF_8));
            if (!VERSION.equals(node.path("v").stringValue(null)) || !node.path("c").isObject()) {
                throw invalid();
            }
            Map<String, String> cursors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.get("c").properties()) {
                if (!entry.getValue().isString()) {
                    throw invalid();
                }
                cursors.put(entry.getKey(), entry.getValue().stringValue());
            }
            return cursors;
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid();
        }
    }

    private static ProtocolException invalid() {
        return new ProtocolException(RpcError.INVALID_PARAMS, "Invalid cursor");
    }
}
