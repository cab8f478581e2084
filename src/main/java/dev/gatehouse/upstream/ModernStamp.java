package dev.gatehouse.upstream;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a request is spoken in the modern era (MCP 2026-07-28), whatever the transport: every request carries its own
 * protocol version, client capabilities and client info in {@code _meta}, and the log level the gateway's clients
 * asked for, since the era has no session to remember it.
 */
public final class ModernStamp {

    private ModernStamp() {
    }

    /**
     * The request with the per-request {@code _meta} keys: the protocol version always (over HTTP it must match the
     * header), client capabilities and info unless the caller already set them (a translated client's own), and
     * {@code logLevel} (may be null) unless the request asks for its own. Other {@code _meta} keys, such as a
     * progress token, are kept.
     */
    public static Message.Request stamp(Message.Request request, ObjectNode capabilities, String logLevel) {
        ObjectNode params = request.params() == null ? JsonNodeFactory.instance.objectNode()
                : request.params().deepCopy();
        JsonNode existing = params.get("_meta");
        ObjectNode meta = existing instanceof ObjectNode object ? object : params.putObject("_meta");
        meta.put(ModernEra.META_PROTOCOL_VERSION, ModernEra.VERSION);
        if (!meta.has(ModernEra.META_CLIENT_CAPABILITIES)) {
            meta.set(ModernEra.META_CLIENT_CAPABILITIES, capabilities.deepCopy());
        }
        if (!meta.has(ModernEra.META_CLIENT_INFO)) {
            meta.set(ModernEra.META_CLIENT_INFO, LegacyHandshake.clientInfo());
        }
        if (logLevel != null && !meta.has(ModernEra.META_LOG_LEVEL)) {
            meta.put(ModernEra.META_LOG_LEVEL, logLevel);
        }
        return request.withParams(params);
    }
}
