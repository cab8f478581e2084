package dev.gatehouse.upstream.stdio;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a server may start again: after each failed start or crash the delay grows along its {@link BackoffPolicy};
 * a crash after the server stayed ready for {@code stableAfter} starts the schedule over. Not thread-safe; its owner
 * guards it.
 */
final class RestartSchedule {

    private final BackoffPolicy policy;
    private final RandomGenerator random;
    private int failures;
    private Instant retryAt = Instant.MIN;
    private Instant readySince;

    RestartSchedule(BackoffPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** How long a start must still wait at {@code now}; zero when it may start. */
    Duration remaining(Instant now) {
        Duration delay = Duration.between(now, retryAt.isBefore(now) ? now : retryAt);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    void ready(Instant now) {
        readySince = now;
    }

    /** A start failed at {@code now}; returns the delay before the next one. */
    Duration startFailed(Instant now) {
        return schedule(now);
    }

    /** A ready server ended at {@code now}; returns the delay before the next start. */
    Duration exited(Instant now) {
        if (readySince != null && Duration.between(readySince, now).compareTo(policy.stableAfter()) >= 0) {
            failures = 0;
        }
        readySince = null;
        return schedule(now);
    }

    private Duration schedule(Instant now) {
        Duration delay = next();
        retryAt = now.plus(delay);
        return delay;
    }

    /** The next delay: {@code initial} doubled once per earlier failure, capped, spread by the jitter. */
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
}
