package dev.gatehouse.upstream.http;

import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.upstream.LegacyHandshake;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a request is spoken in the modern era (MCP 2026-07-28): every request carries its own protocol version,
 * client capabilities and client info in {@code _meta}, and the HTTP POST repeats the version and names the
 * method (and, for the calls that have one, the target) in headers.
 */
public final class ModernRequests {

    static final String VERSION = "2026-07-28";
    static final String SERVER_DISCOVER = "server/discover";
    static final String SUBSCRIPTIONS_LISTEN = "subscriptions/listen";
    static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

    /** Errors only a modern server sends: header mismatch, missing client capability, unsupported version. */
    static final int HEADER_MISMATCH = -32020;
    static final int MISSING_CLIENT_CAPABILITY = -32021;
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    private static final Set<Integer> MODERN_ERRORS =
            Set.of(HEADER_MISMATCH, MISSING_CLIENT_CAPABILITY, UNSUPPORTED_PROTOCOL_VERSION);

    private static final Set<String> NAMED_BY_NAME = Set.of(McpMethods.TOOLS_CALL, McpMethods.PROMPTS_GET);
    private static final Set<String> NAMED_BY_TASK = Set.of("tasks/get", "tasks/update", "tasks/cancel");

    private ModernRequests() {
    }

    static boolean isModernError(Message.Response response) {
        return response.isError() && MODERN_ERRORS.contains(response.error().code());
    }

    /**
     * The request with the per-request {@code _meta} keys: the protocol version always (it must match the header),
     * client capabilities and info unless the caller already set them (a translated client's own). Other
     * {@code _meta} keys, such as a progress token, are kept.
     */
    static Message.Request stamp(Message.Request request, ObjectNode capabilities) {
        return stamp(request, capabilities, null);
    }

    /** As {@link #stamp(Message.Request, ObjectNode)}, with a log level unless the request asks for its own. */
    static Message.Request stamp(Message.Request request, ObjectNode capabilities, String logLevel) {
        ObjectNode params = request.params() == null ? JsonNodeFactory.instance.objectNode()
                : request.params().deepCopy();
        JsonNode existing = params.get("_meta");
        ObjectNode meta = existing instanceof ObjectNode object ? object : params.putObject("_meta");
        meta.put(META_PROTOCOL_VERSION, VERSION);
        if (!meta.has(META_CLIENT_CAPABILITIES)) {
            meta.set(META_CLIENT_CAPABILITIES, capabilities.deepCopy());
        }
        if (!meta.has(META_CLIENT_INFO)) {
            meta.set(META_CLIENT_INFO, LegacyHandshake.clientInfo());
        }
        if (logLevel != null && !meta.has(META_LOG_LEVEL)) {
            meta.put(META_LOG_LEVEL, logLevel);
        }
        return request.withParams(params);
    }

    /** {@code MCP-Protocol-Version}, {@code Mcp-Method} and, where the method has a target, {@code Mcp-Name}. */
    public static Map<String, String> standardHeaders(Message.Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", VERSION);
        headers.put("Mcp-Method", HeaderValues.encode(request.method()));
        ObjectNode params = request.params();
        String target = null;
        if (params != null) {
            if (NAMED_BY_NAME.contains(request.method())) {
                target = params.path("name").asString(null);
            } else if (McpMethods.RESOURCES_READ.equals(request.method())) {
                target = params.path("uri").asString(null);
            } else if (NAMED_BY_TASK.contains(request.method())) {
                target = params.path("taskId").asString(null);
            }
        }
        if (target != null) {
            headers.put("Mcp-Name", HeaderValues.encode(target));
        }
        return headers;
    }
}
