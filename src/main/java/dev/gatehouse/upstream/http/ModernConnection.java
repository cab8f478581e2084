package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.upstream.ModernDiscovery;
import dev.gatehouse.upstream.ModernStamp;
import dev.gatehouse.upstream.PendingCalls;
import dev.gatehouse.upstream.ReplacedMethods;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A modern-era (2026-07-28) server over Streamable HTTP: no session, every request self-contained (see
 * {@link ModernRequests}), answers as JSON or as a request-scoped event stream whose closing is the cancellation.
 * Results pass through as the server wrote them, {@code resultType} and {@code input_required} included; only a
 * {@code tools/list} result loses the tools whose {@code x-mcp-header} annotations are invalid.
 */
final class ModernConnection implements RemoteConnection {

    private static final Logger log = LoggerFactory.getLogger(ModernConnection.class);

    private final RemoteContext context;
    private final URI url;
    private final ToolHeaderRules toolHeaders;
    private volatile ServerHandshake handshake;
    private volatile ModernListen listen;

    private ModernConnection(RemoteContext context) {
        this.context = context;
        this.url = context.endpoint().url();
        this.toolHeaders = new ToolHeaderRules(context.server());
    }

    /**
     * Tries {@code server/discover}. Present when the server speaks this era; empty when the answer is anything but
     * a discover result or a recognised modern error, so the caller falls back to {@code initialize} (never keyed on
     * one status or error code). An unsupported-version error naming this era is retried once, as the spec asks;
     * a modern server that cannot be spoken to fails with the reason.
     */
    static Optional<ModernConnection> discover(RemoteContext context) {
        ModernConnection connection = new ModernConnection(context);
        for (boolean firstAsk : new boolean[] {true, false}) {
            Message.Response answer;
            try {
                answer = context.exchange(new Message.Request(RequestId.of(0), ModernEra.DISCOVER, null),
                        (call, request) -> connection.exchange(call, request, context.timeout(), true));
            } catch (GatewayFailure failure) {
                // Unreachable, timed out, refused, garbage: all mean "not modern here". If the server cannot be
                // reached at all, the legacy handshake that follows says so.
                log.debug("Server {}: server/discover failed ({}); trying the legacy handshake", context.server(),
                        failure.getMessage());
                return Optional.empty();
            }
            switch (ModernDiscovery.judge(answer, firstAsk)) {
                case ModernDiscovery.Modern modern -> {
                    connection.handshake = modern.handshake();
                    connection.listen = new ModernListen(context, connection, modern.handshake());
                    return Optional.of(connection);
                }
                case ModernDiscovery.Refused refused -> throw context.unavailable(refused.reason());
                case ModernDiscovery.Legacy legacy -> {
                    log.debug("Server {}: {}; trying the legacy handshake", context.server(), legacy.why());
                    return Optional.empty();
                }
                case ModernDiscovery.AskAgain again -> log.debug("Server {}: asking server/discover again",
                        context.server());
            }
        }
        return Optional.empty();
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public String transport() {
        return "streamable-http";
    }

    @Override
    public void opened() {
        listen.start();
    }

    @Override
    public void send(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew) {
        Message.Response local = answeredHere(request);
        if (local != null) {
            context.inbound().accept(local.withId(RequestId.of(call.id())), this);
            return;
        }
        context.inBackground(call, () -> exchange(call, request, timeout, true));
    }

    /** The legacy requests this era replaced, answered by the gateway (see {@link ReplacedMethods}). */
    private Message.Response answeredHere(Message.Request request) {
        return ReplacedMethods.answer(request, new ReplacedMethods.Effects() {
            @Override
            public void logLevel(String level) {
                context.replaced().logLevel(level);
            }

            @Override
            public void subscribe(String uri) {
                if (context.replaced().subscribe(uri)) {
                    listen.filterChanged();
                }
            }

            @Override
            public void unsubscribe(String uri) {
                if (context.replaced().unsubscribe(uri)) {
                    listen.filterChanged();
                }
            }
        });
    }

    private void exchange(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRetry) {
        Message.Request stamped = ModernStamp.stamp(request.withId(RequestId.of(call.id())),
                context.options().clientCapabilities(), context.replaced().logLevel());
        Request post = context.post(url, stamped, timeout).headers(headers -> {
            ModernRequests.standardHeaders(stamped).forEach(headers::put);
            if (McpMethods.TOOLS_CALL.equals(stamped.method())) {
                toolHeaders.headersFor(stamped.params().path("name").asString(""),
                        stamped.params().get("arguments")).forEach(headers::put);
            }
        });
        // Closing the request's stream is how this era cancels: whatever ends the call ends the stream, unless the
        // call ended by the answer read from that stream, which then ends as the server ends it.
        EventStream stream = context.eventStream();
        call.response().whenComplete((response, failure) -> stream.abortUnlessAnswered(post));
        HttpExchange exchange = HttpExchange.open(context.server(), request.method(), post, timeout);
        if (mayRetry && context.renewedAfterRefusal(exchange, post, request.method())) {
            exchange(call, request, timeout, false);
            return;
        }
        UnaryOperator<Message.Response> transform = McpMethods.TOOLS_LIST.equals(request.method())
                ? response -> response.isError() ? response
                        : Message.Response.success(response.id(), toolHeaders.acceptToolsList(response.result()))
                : UnaryOperator.identity();
        if (Answers.read(context, this, call, request.method(), exchange, stream, transform, false)
                == Answers.Ending.STREAM_ENDED) {
            throw context.unavailable("it closed the stream before answering " + request.method());
        }
    }

    @Override
    public void watchTask(String taskId, boolean watching) {
        if (context.replaced().watchTask(taskId, watching)) {
            listen.filterChanged();
        }
    }

    /** Modern servers take no notifications and send no requests over HTTP, so nothing is posted. */
    @Override
    public void post(Message message) {
        log.debug("Server {} speaks {}: not sending {}", context.server(), ModernRequests.VERSION,
                RemoteContext.describe(message));
    }

    /** Nothing to send: ending the call has already closed its stream, which is this era's cancellation. */
    @Override
    public void cancelled(long upstreamId, String reason) {
        log.debug("Server {}: call {} cancelled ({}) by closing its stream", context.server(), upstreamId, reason);
    }

    /** Modern servers keep no session: only the listen stream, if open, is closed. */
    @Override
    public void close() {
        if (listen != null) {
            listen.close();
        }
    }
}
