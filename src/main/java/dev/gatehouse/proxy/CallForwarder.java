package dev.gatehouse.proxy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.PendingCall;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.session.Session;
import java.util.concurrent.CancellationException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one routed request to one upstream: holds a slot of the session's in-flight bound, passes the client's
 * cancellation on, swaps its progress token for the gateway's, settles the server's questions, records the metrics,
 * and answers under the client's id. {@link ExchangeHandler} decides which upstream; this class does the sending.
 */
final class CallForwarder {

    private final UpstreamRegistry registry;
    private final RoutingTables tables;
    private final GatewayMetrics metrics;
    private final LimitCounters counters;
    private final int maxPendingPerSession;
    private final InputRequests inputRequests;
    private final InputRoundTrips roundTrips;
    private final LegacyLogLevels logLevels;

    CallForwarder(UpstreamRegistry registry, RoutingTables tables, GatewayMetrics metrics, LimitCounters counters,
                  int maxPendingPerSession, InputRequests inputRequests, LegacyLogLevels logLevels, TrafficTap tap) {
        this.registry = registry;
        this.tables = tables;
        this.metrics = metrics;
        this.counters = counters;
        this.maxPendingPerSession = maxPendingPerSession;
        this.inputRequests = inputRequests;
        this.roundTrips = new InputRoundTrips(tables.serverRequests(), registry, tap);
        this.logLevels = logLevels;
    }

    /**
     * Sends the request to one upstream under a gateway progress token and completes {@code answer} with the
     * server's answer, addressed back to the client's id. The returned future completes with that answer.
     * Related messages (progress, server requests) go to {@code channel} meanwhile.
     */
    CompletableFuture<Message.Response> forward(Upstream upstream, Session session, Message.Request request,
                                                ObjectNode params, TracedExchange channel,
                                                CompletableFuture<Message.Response> answer) {
        // A modern client's retry to a legacy server answers questions the server is still waiting on: it continues
        // the call already in flight rather than starting one.
        InputRequests.Retry retry = inputRequests.inspect(session, upstream, request.method(), params);
        if (retry != null && retry.resumes()) {
            channel.routedTo(upstream.name());
            inputRequests.resume(retry, session, request.id(), channel.channel(), answer);
            return answer;
        }
        logLevels.follow(session, upstream, params, registry.options(upstream.name()));
        if (session.inFlight() >= maxPendingPerSession) {
            counters.hit(LimitCounters.Limit.PENDING_PER_SESSION);
            throw new GatewayFailure.RateLimited("requests pending on this session",
                    "at most " + maxPendingPerSession, 1);
        }
        long started = metrics.startTime();
        registry.markUsed(upstream.name());
        // The session slot is taken first: a session over its bound costs the server nothing, and a cancellation
        // that arrives while the server is still starting is not lost.
        AtomicReference<PendingCall> sent = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        if (!session.trackInFlight(request.id(), () -> {
            cancelled.set(true);
            PendingCall pending = sent.get();
            if (pending != null) {
                pending.cancel("cancelled by the client");
            }
        })) {
            throw new GatewayFailure.LimitExceeded("requests in flight on one session", session.inFlight());
        }
        channel.routedTo(upstream.name());
        ActiveCall call = new ActiveCall(session, channel.channel(), upstream.name());
        // Opened before the call is sent, so a question the server asks at once finds it.
        SuspendedCall rounds = retry == null ? null : inputRequests.open(call, session, request, retry, answer,
                registry.options(upstream.name()).timeout());
        JsonNode gatewayToken = null;
        PendingCall pending;
        try {
            upstream.handshake();
            if (cancelled.get()) {
                throw new CancellationException("cancelled by the client before it was sent");
            }
            gatewayToken = bindProgress(call, params);
            tables.activeCalls().add(call);
            pending = upstream.call(request.withParams(params), callOptions(upstream, session, request, params));
        } catch (RuntimeException e) {
            release(session, request, call, gatewayToken, upstream.name(), null);
            metrics.request(upstream.name(), request.method(), "failure", started);
            if (rounds != null) {
                inputRequests.finished(rounds, null, e);
            }
            throw e;
        }
        sent.set(pending);
        if (isTaskResult(session, request)) {
            tables.taskResults().hold(upstream.name(), params.path("taskId").asString(), pending,
                    registry.options(upstream.name()).timeout());
        }
        if (rounds != null) {
            rounds.sent(pending);
        }
        if (cancelled.get()) {
            pending.cancel("cancelled by the client");
        }
        JsonNode token = gatewayToken;
        Message.Request asSent = request.withParams(params);
        return pending.response()
                .thenCompose(response -> roundTrips.settle(upstream, session, call, asSent, response, sent, 0))
                .whenComplete((response, failure) -> {
                    release(session, request, call, token, upstream.name(), failure == null ? response : null);
                    metrics.request(upstream.name(), request.method(),
                            failure != null ? "failure" : response.isError() ? "error" : "ok", started);
                    if (rounds != null) {
                        inputRequests.finished(rounds, response, failure);
                    } else {
                        answer.complete(failure == null ? response.withId(request.id()) : Message.Response
                                .failure(request.id(), Failures.toRpcError(failure, request.method())));
                    }
                });
    }

    /**
     * A legacy {@code tasks/result}, which the server holds until its task ends, waits as long as the task may run
     * ({@link TaskResultWaits}); any other call gets its server's timeout.
     */
    private CallOptions callOptions(Upstream upstream, Session session, Message.Request request, ObjectNode params) {
        CallOptions server = registry.options(upstream.name());
        if (!isTaskResult(session, request)) {
            return server;
        }
        return new CallOptions(tables.taskResults().window(upstream.name(), params.path("taskId").asString(),
                server.timeout()));
    }

    private static boolean isTaskResult(Session session, Message.Request request) {
        return !session.isModern() && request.method().equals(Tasks.RESULT);
    }

    /**
     * Forgets a call that was answered ({@code response}, null after a failure). The progress token of a legacy
     * request that created a task is kept for the task's life instead of released.
     */
    private void release(Session session, Message.Request request, ActiveCall call, JsonNode gatewayToken,
                         String server, Message.Response response) {
        tables.activeCalls().remove(call);
        Optional<String> createdTask = session.isModern() || response == null || gatewayToken == null
                ? Optional.empty() : TaskRoutes.createdTask(response);
        if (createdTask.isPresent()) {
            tables.progress().keepForTask(gatewayToken, server, createdTask.get());
        } else {
            tables.progress().release(gatewayToken);
        }
        session.untrackInFlight(request.id());
    }

    private JsonNode bindProgress(ActiveCall call, ObjectNode params) {
        if (params == null || !(params.get("_meta") instanceof ObjectNode meta)) {
            return null;
        }
        JsonNode clientToken = meta.get("progressToken");
        if (clientToken == null || clientToken.isNull()) {
            return null;
        }
        JsonNode gatewayToken = tables.progress().bind(call, clientToken);
        meta.set("progressToken", gatewayToken);
        return gatewayToken;
    }
}
