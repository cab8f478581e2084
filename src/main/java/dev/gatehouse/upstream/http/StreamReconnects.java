package dev.gatehouse.upstream.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reconnect rhythm of a long-lived event stream: after each failure a back-off that doubles up to a cap, and a
 * limit on failures in a row; a stream that connects starts over. Every wait ends early when {@code closing} opens,
 * so closing the stream never waits out a back-off.
 */
final class StreamReconnects {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final Duration initial;
    private final int maxFailures;
    private final CountDownLatch closing;
    private Duration backoff;
    private int failures;

    StreamReconnects(Duration initial, int maxFailures, CountDownLatch closing) {
        this.initial = initial;
        this.maxFailures = maxFailures;
        this.closing = closing;
        this.backoff = initial;
    }

    void connected() {
        failures = 0;
        backoff = initial;
    }

    /** Counts a failure and waits out the back-off; false (without waiting) once there were too many in a row. */
    boolean failedAndWaited() {
        if (++failures >= maxFailures) {
            return false;
        }
        pause(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        return true;
    }

    int failures() {
        return failures;
    }

    /** Waits {@code wait}, or less if the stream is closed meanwhile (an interrupt closes it too). */
    void pause(Duration wait) {
        try {
            closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing.countDown();
        }
    }
}
