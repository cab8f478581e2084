package dev.gatehouse.capture;

import java.time.Duration;

/**
 * How the recorder bounds itself. The queue holds at most {@code queueCapacity} events and every batch drains it
 * whole; bodies are cut at {@code maxBodyBytes}; records older than {@code maxAge} or beyond {@code maxBytes} are
 * deleted by a check every {@code retentionInterval}; after a failed write, recording resumes after
 * {@code retryAfter}.
 */
public record RecorderOptions(int queueCapacity, int maxBodyBytes, Duration maxAge, long maxBytes,
                              Duration retentionInterval, Duration retryAfter) {

    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    public RecorderOptions {
        if (queueCapacity < 1 || maxBodyBytes < 0 || maxBytes < 1) {
            throw new IllegalArgumentException("capture bounds must be positive");
        }
        if (maxAge.isNegative() || maxAge.isZero() || retentionInterval.isNegative() || retentionInterval.isZero()
                || retryAfter.isNegative()) {
            throw new IllegalArgumentException("capture durations must be positive");
        }
    }
}
