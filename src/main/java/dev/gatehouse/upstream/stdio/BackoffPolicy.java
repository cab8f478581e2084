package dev.gatehouse.upstream.stdio;

import java.time.Duration;

/**
 * The restart schedule of a stdio server: {@code initial}, doubling to {@code max}, each delay spread by up to
 * {@code ±jitter} so that servers that crashed together do not restart together. A server that stayed ready for
 * {@code stableAfter} starts again from {@code initial}.
 */
public record BackoffPolicy(Duration initial, Duration max, double jitter, Duration stableAfter) {

    public static final BackoffPolicy DEFAULT =
            new BackoffPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 0.2, Duration.ofSeconds(60));

    public BackoffPolicy {
        if (initial == null || max == null || stableAfter == null || initial.isNegative()
                || max.compareTo(initial) < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("a backoff needs 0 <= initial <= max and 0 <= jitter < 1");
        }
    }
}
