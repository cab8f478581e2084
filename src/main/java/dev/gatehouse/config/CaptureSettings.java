package dev.gatehouse.config;

import java.time.Duration;

/**
 * The {@code [capture]} table: how long and how much traffic is kept, and the recorder's bounds. The size is what
 * retention keeps the records under; the database file is refused growth beyond twice that, should traffic
 * outrun retention's once-a-minute check. The queue is bounded twice: by {@code queueCapacity} records and by
 * {@code queueBytes} of memory (what the waiting records weigh), whichever is reached first.
 */
public record CaptureSettings(Duration maxAge, long maxBytes, int queueCapacity, int maxBodyBytes, long queueBytes) {

    public static final long DEFAULT_QUEUE_BYTES = 32L * 1024 * 1024;
    public static final CaptureSettings DEFAULTS =
            new CaptureSettings(Duration.ofDays(30), 512L * 1024 * 1024, 8192, 256 * 1024, DEFAULT_QUEUE_BYTES);

    public CaptureSettings {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero() || maxBytes < 1 || queueCapacity < 1
                || maxBodyBytes < 0 || queueBytes < 1) {
            throw new IllegalArgumentException("capture settings must be positive");
        }
    }

    /** With the default memory bound of the queue. */
    public CaptureSettings(Duration maxAge, long maxBytes, int queueCapacity, int maxBodyBytes) {
        this(maxAge, maxBytes, queueCapacity, maxBodyBytes, DEFAULT_QUEUE_BYTES);
    }

    /** The hard ceiling of the database file. */
    public long hardLimitBytes() {
        return maxBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxBytes * 2;
    }
}
