package dev.gatehouse.proxy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.session.Session;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A server waiting for sign-in is answered as the client can take it. A client that declared URL-mode elicitation
 * gets the {@code URLElicitationRequiredError} (-32042) with the sign-in link. Any other client would show that
 * code as an opaque failure, so a {@code tools/call} gets a tool result with {@code isError} whose text names the
 * command to run (the model reads it and tells the user; the link itself stays out of the model's context), and
 * other requests a plain JSON-RPC error saying the same.
 */
final class SignInAnswers {

    private SignInAnswers() {
    }

    static Message.Response forClient(Session session, Message.Request request, Message.Response response) {
        if (response == null || !response.isError()
                || response.error().code() != GatewayFailure.SignInRequired.URL_ELICITATION_REQUIRED
                || session.declaredUrlElicitation()) {
            return response;
        }
        String server = response.error().data() == null ? "" : response.error().data().path("server").asString("");
        String command = server.isEmpty() ? "gatehouse auth status" : "gatehouse auth login " + server;
        String who = server.isEmpty() ? "A server" : "Server '" + server + "'";
        if (McpMethods.TOOLS_CALL.equals(request.method())) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.putArray("content").addObject().put("type", "text").put("text", who + " needs you to sign in"
                    + " before its tools can be used. Run this in a terminal, then try again: " + command);
            result.put("isError", true);
            return Message.Response.success(response.id(), result);
        }
        return Message.Response.failure(response.id(), new RpcError(RpcError.UPSTREAM_ERROR, who
                + " needs you to sign in; run this in a terminal, then try again: " + command));
    }
}
