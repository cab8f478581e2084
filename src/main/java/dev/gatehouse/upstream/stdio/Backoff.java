package dev.gatehouse.upstream.stdio;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The running state of a {@link BackoffPolicy}: how many starts have failed in a row. Not thread-safe; its owner
 * guards it.
 */
final class Backoff {

    private final BackoffPolicy policy;
    private final RandomGenerator random;
    private int failures;

    Backoff(BackoffPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** The delay before the next start, counting one more failure. */
    Duration next() {
        long base = policy.initial().toMillis();
        for (int i = 0; i < failures && base < policy.max().toMillis(); i++) {
            base *= 2;
        }
        failures++;
        base = Math.min(base, policy.max().toMillis());
        double spread = policy.jitter() == 0 ? 0 : (random.nextDouble() * 2 - 1) * policy.jitter();
        return Duration.ofMillis(Math.max(0, Math.round(base * (1 + spread))));
    }

    void reset() {
        failures = 0;
    }
}
