package dev.gatehouse.capture;

import java.time.Duration;

/**
 * How the recorder bounds itself. The queue holds at most {@code queueCapacity} events and at most
 * {@code queueBytes} of them by weight ({@link EventWeight}: what they hold, as sized on the wire), counting rows
 * prepared and not yet committed as well, and every batch drains it whole; bodies are cut at {@code maxBodyBytes};
 * records older than {@code maxAge} or beyond {@code maxBytes} are deleted by a check every
 * {@code retentionInterval}; after a failed write, recording resumes after {@code retryAfter}.
 */
public record RecorderOptions(int queueCapacity, int maxBodyBytes, Duration maxAge, long maxBytes,
                              Duration retentionInterval, Duration retryAfter, long queueBytes) {

    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    public static final long DEFAULT_QUEUE_BYTES = 32L * 1024 * 1024;

    public RecorderOptions {
        if (queueCapacity < 1 || maxBodyBytes < 0 || maxBytes < 1 || queueBytes < 1) {
            throw new IllegalArgumentException("capture bounds must be positive");
        }
        if (maxAge.isNegative() || maxAge.isZero() || retentionInterval.isNegative() || retentionInterval.isZero()
                || retryAfter.isNegative()) {
            throw new IllegalArgumentException("capture durations must be positive");
        }
    }

    /** With the default memory bound of the queue. */
    public RecorderOptions(int queueCapacity, int maxBodyBytes, Duration maxAge, long maxBytes,
                           Duration retentionInterval, Duration retryAfter) {
        this(queueCapacity, maxBodyBytes, maxAge, maxBytes, retentionInterval, retryAfter, DEFAULT_QUEUE_BYTES);
    }
}
