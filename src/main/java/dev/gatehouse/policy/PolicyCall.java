package dev.gatehouse.policy;

import dev.gatehouse.protocol.Message;
import java.util.Optional;
import java.util.function.Function;

/**
 * One client request as the policies see it. {@code tool} is the resolved target of a {@code tools/call}, or
 * null for other methods and for names that resolve to no server; {@code names} maps a name as a client sees it
 * (in a {@code tools/list} answer) back to its target, for the view the request came through.
 */
public record PolicyCall(String sessionId, Message.Request request, ToolTarget tool,
                         Function<String, Optional<ToolTarget>> names) {

    public PolicyCall {
        if (sessionId == null || request == null || names == null) {
            throw new IllegalArgumentException("a policy call needs a session, a request and a name resolver");
        }
    }

    public String method() {
        return request.method();
    }

    public Optional<ToolTarget> toolTarget() {
        return Optional.ofNullable(tool);
    }
}
