package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.upstream.LegacyHandshake;
import dev.gatehouse.upstream.PendingCalls;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session over the deprecated HTTP+SSE transport (MCP 2024-11-05): a GET opens the event stream, whose first
 * event ({@code endpoint}) names where to POST messages; every answer and server message then arrives as a
 * {@code message} event. The endpoint must be on the same origin as the configured URL: it is a URL the user did not
 * write. The transport cannot resume, so when the stream ends the session is over and its calls fail at once.
 */
final class SseSession implements RemoteConnection {

    private static final Logger log = LoggerFactory.getLogger(SseSession.class);
    private static final Duration STREAM_IDLE = Duration.ofMinutes(10);

    private final RemoteContext context;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private final Set<PendingCalls.Call> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Request stream;
    private volatile boolean closed;
    private volatile ServerHandshake handshake;

    private SseSession(RemoteContext context) {
        this.context = context;
    }

    /** Opens the stream, waits for the endpoint and runs {@code initialize} through it. */
    static SseSession open(RemoteContext context) {
        SseSession session = new SseSession(context);
        Request get = context.request(context.endpoint().url(), HttpMethod.GET, STREAM_IDLE)
                .headers(headers -> headers.put("Accept", RemoteContext.EVENT_STREAM));
        session.stream = get;
        HttpExchange exchange = HttpExchange.open(context.server(), "the HTTP+SSE event stream", get,
                context.timeout());
        if (exchange.status() < 200 || exchange.status() >= 300 || !exchange.isEventStream()) {
            exchange.abort();
            throw context.unexpected(exchange, "the GET for its HTTP+SSE event stream");
        }
        context.options().background().execute(() -> session.read(exchange));
        try {
            session.awaitEndpoint();
            Message.Request initialize = LegacyHandshake.request(RequestId.of(0),
                    context.options().clientCapabilities());
            session.handshake = LegacyHandshake.accept(context.server(), context.exchange(initialize,
                    (call, request) -> session.exchange(call, request, context.timeout(), false)));
            session.postNow(new Message.Notification(McpMethods.INITIALIZED, null));
            return session;
        } catch (GatewayFailure failure) {
            session.close();
            throw failure;
        }
    }

    private void awaitEndpoint() {
        try {
            endpoint.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof GatewayFailure failure ? failure
                    : context.unavailable("its event stream failed before naming an endpoint");
        } catch (TimeoutException e) {
            throw context.unavailable("its event stream sent no endpoint event within "
                    + context.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw context.unavailable("interrupted while waiting for its endpoint event");
        }
    }

    private void read(HttpExchange exchange) {
        EventStream events = context.eventStream();
        events.pump(exchange, (type, data) -> {
            switch (type) {
                case "endpoint" -> acceptEndpoint(data.strip());
                case "message" -> context.decodeEvent(data).ifPresent(message -> context.inbound().accept(message, this));
                default -> log.debug("Server {}: ignored an event of type '{}'", context.server(), type);
            }
        }, () -> closed);
        GatewayFailure over = context.unavailable("it closed its HTTP+SSE event stream, which ends the session");
        endpoint.completeExceptionally(over);
        if (!closed) {
            log.warn("Server {} closed its HTTP+SSE event stream; the next request starts a new session",
                    context.server());
            context.renewal().ended(this);
            for (PendingCalls.Call call : List.copyOf(inFlight)) {
                call.abandon(over);
            }
        }
    }

    private void acceptEndpoint(String reference) {
        URI base = context.endpoint().url();
        URI target;
        try {
            target = base.resolve(reference);
        } catch (IllegalArgumentException e) {
            endpoint.completeExceptionally(context.unavailable("its endpoint event is not a valid URL"));
            return;
        }
        if (!sameOrigin(base, target)) {
            endpoint.completeExceptionally(context.unavailable("its endpoint event points to another origin than"
                    + " the configured URL, which is refused"));
            return;
        }
        if (!endpoint.complete(target)) {
            log.debug("Server {} sent a second endpoint event; ignored", context.server());
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && b.getRawUserInfo() == null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && b.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public String transport() {
        return "sse";
    }

    @Override
    public void send(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew) {
        context.inBackground(call, () -> exchange(call, request, timeout, mayRenew));
    }

    /** POSTs the request; its answer arrives on the event stream. */
    private void exchange(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew) {
        if (closed) {
            throw context.unavailable("its HTTP+SSE session is over");
        }
        inFlight.add(call);
        call.response().whenComplete((response, failure) -> inFlight.remove(call));
        Request post = context.post(target(), request.withId(RequestId.of(call.id())), timeout);
        HttpExchange exchange = HttpExchange.open(context.server(), request.method(), post, timeout);
        if (mayRenew && context.renewedAfterRefusal(exchange, post, request.method())) {
            exchange(call, request, timeout, false);
            return;
        }
        exchange.discardBody(context.options().maxMessageBytes());
        int status = exchange.status();
        if (status >= 200 && status < 300) {
            return;
        }
        if ((status == 404 || status == 410) && mayRenew) {
            inFlight.remove(call);
            log.warn("Server {} no longer knows its HTTP+SSE session (HTTP {}); starting a new one",
                    context.server(), status);
            context.renewal().renew(this).send(call, request, timeout, false);
            return;
        }
        throw context.unexpected(exchange, request.method());
    }

    @Override
    public void post(Message message) {
        context.options().background().execute(() -> postNow(message));
    }

    private void postNow(Message message) {
        try {
            context.deliver(context.post(target(), message, context.timeout()), RemoteContext.describe(message));
        } catch (GatewayFailure failure) {
            log.warn("Server {}: could not send {}: {}", context.server(), RemoteContext.describe(message),
                    failure.getMessage());
        }
    }

    /** Where messages go: the endpoint the stream named (always known once the session is open). */
    private URI target() {
        if (!endpoint.isDone() || endpoint.isCompletedExceptionally()) {
            throw context.unavailable("its HTTP+SSE session has no endpoint");
        }
        return endpoint.join();
    }

    @Override
    public void cancelled(long upstreamId, String reason) {
        post(RemoteContext.cancellation(upstreamId, reason));
    }

    @Override
    public void close() {
        closed = true;
        Request get = stream;
        if (get != null) {
            HttpExchange.abort(get);
        }
    }
}
