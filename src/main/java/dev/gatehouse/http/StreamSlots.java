package dev.gatehouse.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the open response streams (POST answers and the GET stream) of each session against a cap, so one
 * session cannot hold an unbounded number of connections and threads. An entry disappears when its count
 * returns to zero, so the table is bounded by the live sessions with open streams.
 */
final class StreamSlots {

    private final int maxPerSession;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    StreamSlots(int maxPerSession) {
        this.maxPerSession = maxPerSession;
    }

    int max() {
        return maxPerSession;
    }

    /** Claims a slot; false when the session already has the maximum open. */
    boolean acquire(String sessionId) {
        boolean[] granted = {false};
        open.compute(sessionId, (id, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerSession) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0];
    }

    void release(String sessionId) {
        open.computeIfPresent(sessionId, (id, count) -> count <= 1 ? null : count - 1);
    }
}
