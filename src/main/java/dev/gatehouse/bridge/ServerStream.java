package dev.gatehouse.bridge;

import dev.gatehouse.upstream.http.SseEventReader;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A legacy session's GET stream: what the gateway sends outside any request (list changes, resource updates,
 * log lines, and sampling or elicitation requests of a server) goes to the client as it arrives. A dropped stream
 * is reopened with {@code Last-Event-ID} after the delay the gateway asked for, so nothing in between is lost; it
 * gives up after a few failed attempts in a row, or at once when the endpoint has no GET stream (405) or the
 * gateway no longer knows the session (404, which it reports).
 */
final class ServerStream {

    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final int MAX_FAILURES_IN_A_ROW = 5;

    private final PlaneClient plane;
    private final PlaneClient.Session session;
    private final AnswerRelay relay;
    private final Consumer<PlaneClient.Session> gone;
    private volatile boolean stopped;
    private volatile HttpAnswer current;
    private String lastEventId;
    private Duration retry = DEFAULT_RETRY;
    private boolean received;

    /** {@code gone} is told when the gateway no longer knows the session (404), from this stream's thread. */
    ServerStream(PlaneClient plane, PlaneClient.Session session, AnswerRelay relay,
                 Consumer<PlaneClient.Session> gone) {
        this.plane = plane;
        this.session = session;
        this.relay = relay;
        this.gone = gone;
    }

    ServerStream start() {
        Thread.ofVirtual().name("gatehouse-get-stream").start(this::run);
        return this;
    }

    /** Ends the stream for good: the client has gone or opened another session. */
    void stop() {
        stopped = true;
        HttpAnswer open = current;
        if (open != null) {
            open.close();
        }
    }

    private void run() {
        int failures = 0;
        while (!stopped) {
            received = false;
            try (HttpAnswer answer = plane.openStream(session, lastEventId)) {
                current = answer;
                if (stopped || answer.status() == 405) {
                    return;
                }
                if (answer.status() == 404) {
                    answer.close();
                    gone.accept(session);
                    return;
                }
                if (answer.status() == 200 && answer.isEventStream()) {
                    relay.relayEvents(new SseEventReader(answer.body(), AnswerRelay.MAX_MESSAGE_BYTES), null,
                            this::seen);
                }
            } catch (IOException e) {
                // A dropped connection: retried below like a stream that ended.
            } finally {
                current = null;
            }
            failures = received ? 0 : failures + 1;
            if (stopped || failures >= MAX_FAILURES_IN_A_ROW) {
                return;
            }
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void seen(SseEventReader.Event event) {
        received = true;
        if (event.id() != null && event.id().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            lastEventId = event.id();
        }
        if (event.retryMillis() != null) {
            retry = Duration.ofMillis(Math.min(event.retryMillis(), MAX_RETRY.toMillis()));
        }
    }
}
