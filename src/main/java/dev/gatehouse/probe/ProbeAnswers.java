package dev.gatehouse.probe;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How {@code gatehouse probe} answers what a server asks of its client, with no human at the keyboard: a form
 * elicitation is accepted with the defaults its schema gives (declined when a required field has none), the roots
 * are none, and sampling is refused since there is no model. Legacy servers ask by request; modern ones by an
 * {@code input_required} result, answered through {@link #answer} too.
 */
final class ProbeAnswers implements UpstreamEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What the probe declares: form elicitation and roots (an empty list), no sampling. */
    static ObjectNode capabilities() {
        ObjectNode capabilities = NODES.objectNode();
        capabilities.putObject("elicitation").putObject("form");
        capabilities.putObject("roots").put("listChanged", false);
        return capabilities;
    }

    /** The result for a server's request, or empty when the probe cannot give one. */
    static Optional<ObjectNode> answer(String method, ObjectNode params) {
        return switch (method) {
            case McpMethods.ELICITATION_CREATE -> Optional.of(elicit(params));
            case McpMethods.ROOTS_LIST -> {
                ObjectNode roots = NODES.objectNode();
                roots.putArray("roots");
                yield Optional.of(roots);
            }
            default -> Optional.empty();
        };
    }

    private static ObjectNode elicit(ObjectNode params) {
        ObjectNode result = NODES.objectNode();
        JsonNode schema = params == null ? NODES.missingNode() : params.path("requestedSchema");
        if (params != null && params.path("mode").asString("form").equals("url")) {
            result.put("action", "decline");
            return result;
        }
        ObjectNode content = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode fallback = property.getValue().get("default");
            if (fallback != null) {
                content.set(property.getKey(), fallback.deepCopy());
            }
        }
        for (JsonNode required : schema.path("required").values()) {
            if (!content.has(required.asString(""))) {
                result.put("action", "decline");
                return result;
            }
        }
        result.put("action", "accept");
        result.set("content", content);
        return result;
    }

    @Override
    public void onRequest(Upstream from, Message.Request request) {
        Message.Response response = answer(request.method(), request.params())
                .map(result -> Message.Response.success(request.id(), result))
                .orElseGet(() -> Message.Response.failure(request.id(), new RpcError(RpcError.METHOD_NOT_FOUND,
                        "gatehouse probe cannot answer " + request.method())));
        from.reply(response);
    }

    @Override
    public void onNotification(Upstream from, Message.Notification notification) {
        // The probe reports what it asked for; log lines and progress of the server are not part of that.
    }

    @Override
    public void onStatusChange(Upstream from, UpstreamStatus status) {
        // Failures reach the probe as the failure of the call that needed the server.
    }
}
