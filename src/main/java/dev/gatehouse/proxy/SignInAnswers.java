package dev.gatehouse.proxy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
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
 * other requests a plain JSON-RPC error saying the same. A modern-era client that declared URL elicitation gets the
 * era's equivalent, an {@code input_required} result carrying the elicitation.
 */
final class SignInAnswers {

    static final String SIGN_IN_KEY = "gatehouse-sign-in";

    private SignInAnswers() {
    }

    static Message.Response forClient(Session session, Message.Request request, Message.Response response) {
        if (response == null || !response.isError()
                || response.error().code() != GatewayFailure.SignInRequired.URL_ELICITATION_REQUIRED) {
            return response;
        }
        if (session.declaredUrlElicitation()) {
            return session.isModern() && InputRequests.SUSPENDABLE.contains(request.method())
                    ? inputRequired(response) : response;
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

    /**
     * The handshake of a single server's endpoint being initialized. A server waiting for sign-in fails the
     * {@code initialize}: with the sign-in link for a client that declared URL elicitation, else with the command to
     * run, since any other client would show -32042 as an opaque failure.
     */
    static ServerHandshake handshake(Upstream upstream, boolean urlElicitation) {
        try {
            return upstream.handshake();
        } catch (GatewayFailure.SignInRequired signIn) {
            if (urlElicitation) {
                throw signIn;
            }
            throw new GatewayFailure.UpstreamUnavailable(upstream.name(), "it needs you to sign in; run this in a"
                    + " terminal, then try again: gatehouse auth login " + upstream.name(), null);
        }
    }

    /**
     * The modern era's form of the same question (2026-07-28 has no server-to-client requests, MRTR instead): an
     * {@code input_required} result asking for the URL-mode elicitation. No {@code requestState}: nothing waits here,
     * and the client's retry, once the user signed in, is an ordinary new call.
     */
    private static Message.Response inputRequired(Message.Response refusal) {
        ObjectNode elicitation = (ObjectNode) refusal.error().data().path("elicitations").path(0);
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", "input_required");
        result.putObject("inputRequests").putObject(SIGN_IN_KEY).put("method", McpMethods.ELICITATION_CREATE)
                .set("params", elicitation.deepCopy());
        return Message.Response.success(refusal.id(), result);
    }
}
