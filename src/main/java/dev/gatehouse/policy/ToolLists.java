package dev.gatehouse.policy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import java.util.Optional;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Helpers for the two shapes tool policies touch: {@code tools/list} answers and refusals. */
final class ToolLists {

    private ToolLists() {
    }

    /**
     * The answer with only the tools {@code keep} accepts, each judged with its resolved target and its
     * definition as listed. Tools whose names resolve to nothing are kept: they are the server's business.
     */
    static Message.Response filter(Message.Response response, PolicyCall call,
                                   BiPredicate<ToolTarget, ObjectNode> keep) {
        if (response.isError() || !(response.result() instanceof ObjectNode result)
                || !(result.get("tools") instanceof ArrayNode tools)) {
            return response;
        }
        ObjectNode filtered = result.deepCopy();
        ArrayNode kept = filtered.putArray("tools");
        for (JsonNode tool : tools) {
            if (!(tool instanceof ObjectNode definition)) {
                continue;
            }
            Optional<ToolTarget> target = call.names().apply(definition.path("name").asString(""));
            if (target.isEmpty() || keep.test(target.get(), definition)) {
                kept.add(definition);
            }
        }
        return Message.Response.success(response.id(), filtered);
    }

    /** A protocol-level refusal of a call to a tool the client may not use (as for an unknown tool). */
    static Message.Response refusal(PolicyCall call, String why) {
        return Message.Response.failure(call.request().id(), new RpcError(RpcError.INVALID_PARAMS, why));
    }
}
