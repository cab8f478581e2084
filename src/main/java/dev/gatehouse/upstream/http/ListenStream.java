package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GET stream of one legacy Streamable HTTP session, which carries what the server starts on its own (list
 * changes, resource updates, log lines, requests not tied to a call). It reconnects with {@code Last-Event-ID} after
 * the server's {@code retry}, backs off on failures and gives up after {@value #MAX_FAILURES} in a row; a 405 means
 * the server offers none, a 404 that the session has ended.
 */
final class ListenStream {

    private static final Logger log = LoggerFactory.getLogger(ListenStream.class);
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final int MAX_FAILURES = 8;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final RemoteContext context;
    private final RemoteConnection session;
    private final UnaryOperator<Request> withSession;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile Request current;

    ListenStream(RemoteContext context, RemoteConnection session, UnaryOperator<Request> withSession) {
        this.context = context;
        this.session = session;
        this.withSession = withSession;
    }

    /**
     * Opens the stream in the background and waits (briefly) until the server has answered the GET, so that a
     * message it sends there about the first requests, such as an elicitation it does not tie to its request, finds
     * the stream open.
     */
    void start() {
        context.options().background().execute(this::run);
        Duration wait = context.timeout().compareTo(SETTLE) < 0 ? context.timeout() : SETTLE;
        try {
            answered.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        closing.countDown();
        Request get = current;
        if (get != null) {
            HttpExchange.abort(get);
        }
    }

    private void run() {
        try {
            listenUntilClosed();
        } finally {
            answered.countDown();
        }
    }

    private void listenUntilClosed() {
        EventStream stream = context.eventStream();
        StreamReconnects reconnects = new StreamReconnects(context.options().defaultRetry(), MAX_FAILURES, closing);
        while (closing.getCount() > 0) {
            String from = stream.lastEventId();
            Request get;
            try {
                get = withSession.apply(context.request(context.endpoint().url(), HttpMethod.GET, IDLE))
                        .headers(headers -> {
                            headers.put("Accept", RemoteContext.EVENT_STREAM);
                            if (from != null) {
                                headers.put("Last-Event-ID", from);
                            }
                        });
            } catch (GatewayFailure failure) {
                // A secret its headers or url reference is gone: retrying cannot help until it is set again.
                log.warn("Server {}: cannot open its GET event stream: {}", context.server(), failure.getMessage());
                return;
            }
            current = get;
            if (closing.getCount() == 0) {
                return;
            }
            try {
                HttpExchange exchange;
                try {
                    exchange = HttpExchange.open(context.server(), "the event stream", get, context.timeout());
                } finally {
                    answered.countDown();
                }
                if (exchange.status() == 405) {
                    exchange.abort();
                    log.debug("Server {} offers no GET stream (HTTP 405)", context.server());
                    return;
                }
                if (exchange.status() == 404) {
                    exchange.abort();
                    context.renewal().ended(session);
                    return;
                }
                if (!exchange.isEventStream()) {
                    exchange.abort();
                    throw context.unexpected(exchange, "the GET for its event stream");
                }
                reconnects.connected();
                stream.pump(exchange, (type, data) -> {
                    if ("message".equals(type)) {
                        context.decodeEvent(data).ifPresent(message -> context.inbound().accept(message, session));
                    }
                }, () -> closing.getCount() == 0);
                reconnects.pause(stream.retry());
            } catch (GatewayFailure failure) {
                if (!reconnects.failedAndWaited()) {
                    log.warn("Server {}: gave up on its GET event stream after {} failures (last: {})",
                            context.server(), reconnects.failures(), failure.getMessage());
                    return;
                }
            }
        }
    }
}
