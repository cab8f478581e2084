package dev.gatehouse.upstream.http;

import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.upstream.ModernStamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a request is spoken in the modern era (MCP 2026-07-28) over HTTP: the {@code _meta} every transport carries
 * (see {@link ModernStamp}), and the POST repeats the version and names the method (and, for the calls that have
 * one, the target) in headers.
 */
public final class ModernRequests {

    static final String VERSION = ModernEra.VERSION;
    static final String SUBSCRIPTIONS_LISTEN = ModernEra.SUBSCRIPTIONS_LISTEN;

    private static final Set<String> NAMED_BY_NAME = Set.of(McpMethods.TOOLS_CALL, McpMethods.PROMPTS_GET);
    private static final Set<String> NAMED_BY_TASK = Set.of("tasks/get", "tasks/update", "tasks/cancel");

    private ModernRequests() {
    }

    /** The request with the per-request {@code _meta} keys (see {@link ModernStamp#stamp}), without a log level. */
    static Message.Request stamp(Message.Request request, ObjectNode capabilities) {
        return ModernStamp.stamp(request, capabilities, null);
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
