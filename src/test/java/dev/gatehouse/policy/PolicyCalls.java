package dev.gatehouse.policy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds the calls and answers the policy tests pass around; names are {@code server__tool}. */
final class PolicyCalls {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private PolicyCalls() {
    }

    static Optional<ToolTarget> resolve(String shown) {
        int at = shown.indexOf("__");
        return at <= 0 ? Optional.empty() : Optional.of(new ToolTarget(shown.substring(0, at),
                shown.substring(at + 2), shown));
    }

    static PolicyCall toolCall(String session, String shown, String argumentsJson) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("name", shown);
        params.set("arguments", JSON.readTree(argumentsJson));
        return new PolicyCall(session, new Message.Request(RequestId.of(1), "tools/call", params),
                resolve(shown).orElse(null), PolicyCalls::resolve);
    }

    static PolicyCall request(String session, String method) {
        return new PolicyCall(session, new Message.Request(RequestId.of(1), method, null), null,
                PolicyCalls::resolve);
    }

    static CompletableFuture<Message.Response> ok(PolicyCall call) {
        return CompletableFuture.completedFuture(Message.Response.success(call.request().id(),
                JSON.readTree("{\"content\":[]}")));
    }

    static ObjectNode tool(String json) {
        return (ObjectNode) JSON.readTree(json);
    }
}
