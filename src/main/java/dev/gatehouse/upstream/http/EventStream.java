package dev.gatehouse.upstream.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading side of one logical SSE stream, which may span several HTTP responses when it is resumed: it
 * remembers the last event id and the server's {@code retry} advice across them.
 */
final class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final String server;
    private final int maxEventBytes;
    private final ScheduledExecutorService finishing;
    private volatile String lastEventId;
    private volatile Duration retry;
    private volatile boolean answered;

    /** {@code finishing} times the wait for a stream's end after the answer ({@link HttpExchange#finish}). */
    EventStream(String server, int maxEventBytes, Duration defaultRetry, ScheduledExecutorService finishing) {
        this.server = server;
        this.maxEventBytes = maxEventBytes;
        this.retry = defaultRetry;
        this.finishing = finishing;
    }

    /** The id to resume from, or null when the server never gave one. */
    String lastEventId() {
        return lastEventId;
    }

    /** How long to wait before reconnecting: the server's last {@code retry}, else the default. */
    Duration retry() {
        return retry;
    }

    /**
     * Records that the call's answer was read from this stream, before it is delivered: the call then ends by its own
     * answer, and what ends calls (see {@link #abortUnlessAnswered}) leaves the stream to finish instead.
     */
    void answeredHere() {
        answered = true;
    }

    /**
     * Ends {@code request} when its call ended some other way than by the answer read from this stream (a timeout,
     * a cancel, an answer that came on another stream). A call answered here leaves its request alone: its stream is
     * finished by {@link #pump} (a JSON body has been read already), so that the connection stays reusable.
     */
    void abortUnlessAnswered(Request request) {
        if (!answered) {
            HttpExchange.abort(request);
        }
    }

    /**
     * Reads events from {@code exchange}, handing each one with data to {@code onEvent} (type, data), until
     * {@code stop} holds after an event (true) or the stream ends or breaks (false). The exchange is aborted either
     * way, except after the call's answer ({@link #answeredHere}): then the rest of the stream, which a server ends
     * right after the answer, is read for a short while, so that the connection can carry the next request instead
     * of being closed (see {@link HttpExchange#finish}).
     */
    boolean pump(HttpExchange exchange, BiConsumer<String, String> onEvent, BooleanSupplier stop) {
        return pump(exchange, onEvent, oversized -> { }, stop);
    }

    /** As {@link #pump(HttpExchange, BiConsumer, BooleanSupplier)}, also handing each oversized event on. */
    boolean pump(HttpExchange exchange, BiConsumer<String, String> onEvent,
                 Consumer<SseEventReader.Event> onOversized, BooleanSupplier stop) {
        SseEventReader reader = new SseEventReader(exchange.body(), maxEventBytes);
        try {
            for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
                if (event.id() != null) {
                    lastEventId = event.id();
                }
                if (event.retryMillis() != null) {
                    retry = Duration.ofMillis(event.retryMillis());
                }
                if (event.oversized()) {
                    log.warn("Server {} sent an event over {} bytes; skipped", server, maxEventBytes);
                    onOversized.accept(event);
                } else if (!event.data().isEmpty()) {
                    onEvent.accept(event.type(), event.data());
                }
                if (stop.getAsBoolean()) {
                    return true;
                }
            }
            return stop.getAsBoolean();
        } catch (IOException e) {
            log.debug("Server {}: event stream ended ({})", server, HttpExchange.describe(e));
            return stop.getAsBoolean();

        } finally {
            if (answered) {
                exchange.finish(finishing);
            } else {
                exchange.abort();
            }
        }
    }
}
