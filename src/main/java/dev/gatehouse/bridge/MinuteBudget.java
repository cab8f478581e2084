package dev.gatehouse.bridge;

import java.util.ArrayDeque;

/**
 * At most so many recoveries a minute (the bridge reopening a session, or looking for a gateway that moved), so a
 * gateway that keeps failing is not chased for ever. Not thread-safe: each user holds its own lock around it.
 */
final class MinuteBudget {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final ArrayDeque<Long> spentAt = new ArrayDeque<>();

    MinuteBudget(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Whether the last minute used up the budget. */
    boolean exhausted() {
        long now = System.nanoTime();
        while (!spentAt.isEmpty() && now - spentAt.peekFirst() > MINUTE_NANOS) {
            spentAt.removeFirst();
        }
        return spentAt.size() >= perMinute;
    }

    void spend() {
        spentAt.addLast(System.nanoTime());
    }
}
