package dev.gatehouse.capture;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the capture within its age and size bounds: deletes what is older than the maximum age, then the oldest
 * tenth of what is left while the records occupy more than the maximum size, and compacts after a large deletion.
 * Runs on the writer thread, between batches, so it never competes with a write.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** Deleting at least this many exchanges at once is worth giving the space back to the file system. */
    static final long LARGE_DELETION = 1000;

    private final TrafficStore store;
    private final Duration maxAge;
    private final long maxBytes;

    Retention(TrafficStore store, Duration maxAge, long maxBytes) {
        this.store = store;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /** Returns how many exchanges were deleted. */
    long enforce(Instant now) throws CaptureStoreException {
        long deleted = store.delete(now.minus(maxAge), null);
        while (store.usedBytes() > maxBytes) {
            long count = store.exchangeCount();
            if (count == 0) {
                break;
            }
            deleted += store.deleteOldest(Math.max(1, count / 10));
        }
        if (deleted >= LARGE_DELETION) {
            store.compact();
        }
        if (deleted > 0) {
            LOG.info("capture retention deleted {} exchange(s) (keeping {} days, at most {} MiB)", deleted,
                    maxAge.toDays(), maxBytes / (1024 * 1024));
        }
        return deleted;
    }
}
