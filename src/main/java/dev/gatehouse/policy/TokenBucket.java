package dev.gatehouse.policy;

import java.time.InstantSource;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. Time comes from the injected clock, so
 * tests drive it. Synchronized: one bucket is shared by the concurrent requests of one session.
 */
public final class TokenBucket {

    private final InstantSource clock;
    private final double capacity;
    private final double perMilli;
    private double tokens;
    private long lastMillis;

    public TokenBucket(InstantSource clock, int perSecond, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
        this.perMilli = perSecond / 1000.0;
        this.tokens = capacity;
        this.lastMillis = clock.millis();
    }

    /** Takes a token and answers 0, or answers how many milliseconds until one is available. */
    public synchronized long tryTake() {
        long now = clock.millis();
        tokens = Math.min(capacity, tokens + Math.max(0, now - lastMillis) * perMilli);
        lastMillis = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perMilli);
    }
}
