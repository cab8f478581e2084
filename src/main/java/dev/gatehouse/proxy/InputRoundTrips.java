package dev.gatehouse.proxy;

import dev.gatehouse.PendingCall;
import dev.gatehouse.Upstream;
import dev.gatehouse.capture.TrafficEvent;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.session.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A modern server's {@code input_required} result during a legacy client's call, answered the legacy way: each of
 * its input requests becomes a real server-to-client request on the client's session (for the capabilities the
 * session declared; anything else ends the call with a clear error), and once every answer is in, the call is sent
 * again upstream under a new id with {@code inputResponses} and the server's {@code requestState} echoed verbatim,
 * until the server completes it or {@value #MAX_ROUNDS} rounds have passed.
 */
final class InputRoundTrips {

    static final int MAX_ROUNDS = 8;
    private static final Map<String, String> CAPABILITY = Map.of(
            McpMethods.SAMPLING_CREATE_MESSAGE, "sampling",
            McpMethods.ELICITATION_CREATE, "elicitation",
            McpMethods.ROOTS_LIST, "roots");

    private final ServerRequests serverRequests;
    private final UpstreamRegistry registry;
    private final TrafficTap tap;

    InputRoundTrips(ServerRequests serverRequests, UpstreamRegistry registry, TrafficTap tap) {
        this.serverRequests = serverRequests;
        this.registry = registry;
        this.tap = tap;
    }

    static boolean isInputRequired(Message.Response response) {
        return !response.isError() && response.result() instanceof ObjectNode result
                && "input_required".equals(result.path("resultType").asString(""));
    }

    /**
     * The final answer to {@code sent}: {@code response} itself unless it asks a legacy client for input, in which
     * case the client is asked and the call retried as often as the server needs. {@code current} always holds the
     * upstream call in flight, so the client's cancellation reaches the latest one.
     */
    CompletableFuture<Message.Response> settle(Upstream upstream, Session session, ActiveCall call,
                                               Message.Request sent, Message.Response response,
                                               AtomicReference<PendingCall> current, int round) {
        if (session.isModern() || !isInputRequired(response)) {
            return CompletableFuture.completedFuture(response);
        }
        if (round >= MAX_ROUNDS) {
            return failed(response, RpcError.INTERNAL_ERROR, "Server '" + upstream.name() + "' asked for input "
                    + MAX_ROUNDS + " times in one call; the gateway stopped it there");
        }
        ObjectNode result = (ObjectNode) response.result();
        if (!(result.get("inputRequests") instanceof ObjectNode asked) || asked.isEmpty()) {
            return failed(response, RpcError.INTERNAL_ERROR, "Server '" + upstream.name()
                    + "' answered input_required without any inputRequests");
        }
        Map<String, RequestId> ids = new LinkedHashMap<>();
        Map<String, CompletableFuture<Message.Response>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : asked.properties()) {
            String method = entry.getValue().path("method").asString("");
            String capability = CAPABILITY.get(method);
            String refusal = capability == null
                    ? "Server '" + upstream.name() + "' asked the client for '" + printable(method)
                            + "', which no client can be asked"
                    : session.declared(capability) ? null
                    : "Server '" + upstream.name() + "' needs the client's '" + capability
                            + "' capability, which this session did not declare";
            Optional<RequestId> id = refusal != null ? Optional.empty()
                    : ask(upstream, session, call, entry.getKey(), method, entry.getValue().get("params"), answers);
            if (id.isEmpty()) {
                withdraw(session, call, ids, "the gateway could not ask every question the server had");
                return failed(response, refusal == null ? RpcError.INTERNAL_ERROR
                        : capability == null ? RpcError.INVALID_REQUEST : ModernEra.MISSING_CLIENT_CAPABILITY,
                        refusal == null ? "Too many server requests are waiting for clients" : refusal);
            }
            ids.put(entry.getKey(), id.get());
        }
        Duration timeout = registry.options(upstream.name()).timeout();
        // While the client is being asked, its cancellation ends the wait (no upstream call is in flight then).
        CompletableFuture<Message.Response> withdrawn = new CompletableFuture<>();
        current.set(PendingCall.of(withdrawn));
        return CompletableFuture.anyOf(CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)),
                        withdrawn)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, failure) -> Optional.ofNullable(failure))
                .thenCompose(failure -> {
                    if (failure.isPresent()) {
                        boolean cancelled = Failures.unwrap(failure.get()) instanceof CancellationException;
                        withdraw(session, call, ids, cancelled ? "the client cancelled the call"
                                : "the client did not answer in time");
                        if (cancelled) {
                            return CompletableFuture.failedFuture(new CancellationException("cancelled by the client"));
                        }
                        return failed(response, RpcError.INTERNAL_ERROR, "The client did not answer the input server '"
                                + upstream.name() + "' asked for within " + timeout.toSeconds() + " s");
                    }
                    Optional<Message.Response> refused = answers.values().stream().map(CompletableFuture::join)
                            .filter(Message.Response::isError).findFirst();
                    if (refused.isPresent()) {
                        RpcError error = refused.get().error();
                        return failed(response, error.code(),
                                "The client refused the server's request for input: " + error.message());
                    }
                    Message.Request next = sent.withParams(retryParams(sent, result, answers));
                    PendingCall again = upstream.call(next, registry.options(upstream.name()));
                    current.set(again);
                    return again.response().thenCompose(answer ->
                            settle(upstream, session, call, next, answer, current, round + 1));
                });
    }

    /**
     * Stops waiting for the questions of {@code ids} the client has not answered yet, and tells the client it need
     * not answer them ({@code notifications/cancelled} under the id it saw), so a form or a model call it is still
     * showing or running goes away with the call. The capture records each question as withdrawn, and the
     * notification.
     */
    private void withdraw(Session session, ActiveCall call, Map<String, RequestId> ids, String reason) {
        for (RequestId id : ids.values()) {
            serverRequests.take(session, id).ifPresent(unanswered -> {
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                params.set("requestId", id.value());
                params.put("reason", reason);
                Message.Notification withdrawal = new Message.Notification(McpMethods.CANCELLED, params);
                String server = unanswered.upstream().name();
                tap.withdrawn(session, server, unanswered.request(), reason, unanswered.startNanos());
                tap.notification(session, server, TrafficEvent.Direction.SERVER_TO_CLIENT, withdrawal);
                call.deliver(withdrawal);
            });
        }
    }

    /** Sends one question to the client on the call's stream; empty when too many are waiting. */
    private Optional<RequestId> ask(Upstream upstream, Session session, ActiveCall call, String key, String method,
                                    JsonNode params, Map<String, CompletableFuture<Message.Response>> answers) {
        Message.Request question = new Message.Request(RequestId.of("input-" + key), method,
                params instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode());
        CompletableFuture<Message.Response> waiting = new CompletableFuture<>();
        Optional<RequestId> id = serverRequests.register(new ServerRequests.Pending(upstream, question.id(), session,
                question, System.nanoTime(), waiting));
        id.ifPresent(gatewayId -> {
            answers.put(key, waiting);
            call.deliver(question.withId(gatewayId));
        });
        return id;
    }

    /** The params of the retry: what was sent, with this round's answers and the server's state echoed untouched. */
    private static ObjectNode retryParams(Message.Request sent, ObjectNode result,
                                          Map<String, CompletableFuture<Message.Response>> answers) {
        ObjectNode params = sent.params() == null ? JsonNodeFactory.instance.objectNode() : sent.params().deepCopy();
        ObjectNode responses = params.putObject("inputResponses");
        answers.forEach((key, answer) -> responses.set(key, answer.join().result()));
        if (result.has("requestState")) {
            params.set("requestState", result.get("requestState"));
        } else {
            params.remove("requestState");
        }
        return params;
    }

    /** A server-chosen name, safe to put in a message: visible ASCII only, and short. */
    private static String printable(String text) {
        String visible = text.replaceAll("[^\\x21-\\x7e]", "?");
        return visible.length() > 64 ? visible.substring(0, 64) + "…" : visible;
    }

    private static CompletableFuture<Message.Response> failed(Message.Response response, int code, String message) {
        return CompletableFuture.completedFuture(Message.Response.failure(response.id(), new RpcError(code, message)));
    }
}
