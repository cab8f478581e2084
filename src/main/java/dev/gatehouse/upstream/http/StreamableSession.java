package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.upstream.LegacyHandshake;
import dev.gatehouse.upstream.ModernDiscovery;
import dev.gatehouse.upstream.PendingCalls;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A legacy-era (2025-11-25 and older) session over Streamable HTTP: {@code initialize} by POST, the
 * {@code Mcp-Session-Id} the server assigns echoed on every later request together with the negotiated
 * {@code MCP-Protocol-Version}, answers as JSON or as an event stream, a dropped stream resumed by GET with
 * {@code Last-Event-ID} after the server's {@code retry}, the optional GET stream for messages the server starts,
 * and DELETE at the end. A 404 to a request on a live session means the server ended it: the request was not
 * processed, so a new session is started and the request sent once more.
 */
final class StreamableSession implements RemoteConnection {

    /** Thrown by {@link #initialize} when the server refuses the POST the way an HTTP+SSE-only server does. */
    static final class NotStreamable extends RuntimeException {
        private final int status;

        NotStreamable(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StreamableSession.class);
    private static final Pattern SESSION_ID = Pattern.compile("[\\x21-\\x7E]{1,1024}");
    private static final Duration SESSION_CHECK_WAIT = Duration.ofSeconds(5);

    private final RemoteContext context;
    private final URI url;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile ServerHandshake handshake;
    private volatile ListenStream listening;
    private volatile boolean closed;

    private StreamableSession(RemoteContext context) {
        this.context = context;
        this.url = context.endpoint().url();
    }

    /**
     * Starts a session. Fails with {@link NotStreamable} when the POST gets 400, 404 or 405 without a modern error
     * in the body (the spec's signal to try HTTP+SSE), else with a {@link GatewayFailure}.
     */
    static StreamableSession initialize(RemoteContext context) {
        StreamableSession session = new StreamableSession(context);
        Message.Request initialize = LegacyHandshake.request(RequestId.of(0),
                context.options().clientCapabilities());
        ServerHandshake accepted = LegacyHandshake.accept(context.server(), context.exchange(initialize,
                (call, request) -> session.exchange(call, request, context.timeout(), false)));
        session.protocolVersion = accepted.protocolVersion();
        session.handshake = accepted;
        session.postNow(new Message.Notification(McpMethods.INITIALIZED, null));
        return session;
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public String transport() {
        return "streamable-http";
    }

    /** Opens the GET stream, if the options want it, and waits briefly for the server to answer it. */
    @Override
    public void opened() {
        if (context.options().listenStream() && !closed) {
            ListenStream listen = new ListenStream(context, this, this::withSession);
            listening = listen;
            listen.start();
            if (closed) {
                listen.close();
            }
        }
    }

    @Override
    public void send(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew) {
        context.inBackground(call, () -> exchange(call, request, timeout, mayRenew));
    }

    private void exchange(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew) {
        boolean initializing = McpMethods.INITIALIZE.equals(request.method());
        Request post = withSession(context.post(url, request.withId(RequestId.of(call.id())), timeout));
        EventStream stream = context.eventStream();
        call.response().whenComplete((response, failure) -> stream.abortUnlessAnswered(post));
        HttpExchange exchange = HttpExchange.open(context.server(), request.method(), post, timeout);
        int status = exchange.status();
        if (mayRenew && context.renewedAfterRefusal(exchange, post, request.method())) {
            exchange(call, request, timeout, false);
            return;
        }
        if (status == 404 && sessionId != null) {
            exchange.abort();
            if (!mayRenew) {
                throw context.unavailable("it ended the session again right away (HTTP 404 to "
                        + request.method() + ")");
            }
            log.warn("Server {} ended its session (HTTP 404 to {}); starting a new one and sending it again",
                    context.server(), request.method());
            context.renewal().renew(this).send(call, request, timeout, false);
            return;
        }
        if (status == 400 && sessionId != null && mayRenew) {
            Optional<Message.Response> error = context.errorBody(exchange);
            if (!acceptsSession(timeout)) {
                log.warn("Server {} answered {} with HTTP 400 and no longer accepts its session; starting a new one"
                        + " and sending it again", context.server(), request.method());
                context.renewal().renew(this).send(call, request, timeout, false);
                return;
            }
            Answers.deliverError(context, this, call, request.method(), exchange, error);
            return;
        }
        if (initializing && (status == 400 || status == 404 || status == 405)) {
            Optional<Message.Response> error = context.errorBody(exchange);
            if (error.isEmpty() || !ModernDiscovery.isModernError(error.get())) {
                throw new NotStreamable(status);
            }
        }
        if (initializing && status >= 200 && status < 300) {
            acceptSessionId(exchange.header("Mcp-Session-Id"));
        }
        if (Answers.read(context, this, call, request.method(), exchange, stream, UnaryOperator.identity(), true)
                == Answers.Ending.STREAM_ENDED) {
            resume(call, request.method(), stream, timeout);
        }
    }

    /**
     * Whether the server still accepts this session, asked with a {@code ping} on it. Some servers answer a session
     * they no longer know with 400 rather than the 404 the spec asks for; a 400 to a request the server did accept
     * on a session leaves that session's pings answered. Decided by status alone, never by an error code or text.
     */
    private boolean acceptsSession(Duration timeout) {
        Duration wait = timeout.compareTo(SESSION_CHECK_WAIT) < 0 ? timeout : SESSION_CHECK_WAIT;
        Message.Request ping = new Message.Request(RequestId.of("gatehouse-session-check"), McpMethods.PING, null);
        try (HttpExchange answer = HttpExchange.open(context.server(), McpMethods.PING,
                withSession(context.post(url, ping, wait)), wait)) {
            return answer.status() >= 200 && answer.status() < 300;
        } catch (GatewayFailure failure) {
            log.debug("Server {}: the session check failed ({})", context.server(), failure.getMessage());
            return true;
        }
    }

    private void acceptSessionId(String id) {
        if (id == null) {
            return;
        }
        if (!SESSION_ID.matcher(id).matches()) {
            throw context.unavailable("it assigned a session id that is not 1 to 1024 visible ASCII characters");
        }
        sessionId = id;
    }

    /** The stream of a call ended before its answer: resume it by GET from the last event id, waiting as told. */
    private void resume(PendingCalls.Call call, String method, EventStream stream, Duration timeout) {
        int attempts = 0;
        while (!call.response().isDone()) {
            String from = stream.lastEventId();
            if (from == null) {
                throw context.unavailable("it closed the stream before answering " + method
                        + ", with no event id to resume from");
            }
            if (++attempts > context.options().maxResumeAttempts()) {
                throw context.unavailable("it kept closing the stream before answering " + method + " ("
                        + context.options().maxResumeAttempts() + " resumptions)");
            }
            if (completesWithin(call, stream.retry())) {
                return;
            }
            Request get = withSession(context.request(url, HttpMethod.GET, timeout))
                    .headers(headers -> headers.put("Accept", RemoteContext.EVENT_STREAM).put("Last-Event-ID", from));
            call.response().whenComplete((response, failure) -> stream.abortUnlessAnswered(get));
            HttpExchange exchange = HttpExchange.open(context.server(), method, get, timeout);
            if (exchange.status() == 404) {
                exchange.abort();
                context.renewal().ended(this);
                throw context.unavailable("it ended the session while answering " + method);
            }
            if (exchange.status() == 405) {
                exchange.abort();
                throw context.unavailable("it closed the stream before answering " + method
                        + " and does not offer resuming it (HTTP 405)");
            }
            if (!exchange.isEventStream()) {
                throw context.unexpected(exchange, "the resumption of " + method);
            }
            log.debug("Server {}: resuming the stream of {} from event {}", context.server(), method, from);
            if (Answers.read(context, this, call, method, exchange, stream, UnaryOperator.identity(), true)
                    == Answers.Ending.ANSWERED) {
                return;
            }
            if (!from.equals(stream.lastEventId())) {
                attempts = 0;
            }
        }
    }

    /** Waits up to {@code wait} for the call to end some other way (an answer elsewhere, a timeout, a cancel). */
    private static boolean completesWithin(PendingCalls.Call call, Duration wait) {
        try {
            call.response().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void post(Message message) {
        context.options().background().execute(() -> postNow(message));
    }

    /** POSTs a notification or a response and reads the acknowledgement. */
    private void postNow(Message message) {
        String what = RemoteContext.describe(message);
        Request post;
        try {
            post = withSession(context.post(url, message, context.timeout()));
        } catch (GatewayFailure failure) {
            log.warn("Server {}: could not send {}: {}", context.server(), what, failure.getMessage());
            return;
        }
        context.deliver(post, what).ifPresent(status -> {
            if (status == 404 && sessionId != null) {
                context.renewal().ended(this);
                log.warn("Server {} ended its session; {} was not delivered", context.server(), what);
            }
        });
    }

    @Override
    public void cancelled(long upstreamId, String reason) {
        post(RemoteContext.cancellation(upstreamId, reason));
    }

    /** Stops the GET stream and deletes the session (a 405 answer is fine: the server keeps no such thing). */
    @Override
    public void close() {
        closed = true;
        ListenStream listen = listening;
        if (listen != null) {
            listen.close();
        }
        if (sessionId == null) {
            return;
        }
        Duration grace = context.options().closeGrace();
        try {
            Request delete = withSession(context.request(url, HttpMethod.DELETE, grace))
                    .timeout(grace.toMillis(), TimeUnit.MILLISECONDS);
            HttpExchange exchange = HttpExchange.open(context.server(), "DELETE", delete, grace);
            exchange.discardBody(context.options().maxMessageBytes());
            log.debug("Server {}: session deleted (HTTP {})", context.server(), exchange.status());
        } catch (GatewayFailure failure) {
            log.debug("Server {}: could not delete the session: {}", context.server(), failure.getMessage());
        }
    }

    private Request withSession(Request request) {
        String id = sessionId;
        String version = protocolVersion;
        return request.headers(headers -> {
            if (id != null) {
                headers.put("Mcp-Session-Id", id);
            }
            if (version != null) {
                headers.put("MCP-Protocol-Version", version);
            }
        });
    }
}
