package dev.gatehouse.oauth;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-ins waiting for their callback, by {@code state}. A state is single use (taken on the first callback,
 * whatever its outcome) and lives {@value #LIFETIME_MINUTES} minutes; at most {@value #MAX_PENDING} wait at once,
 * the oldest forgotten first.
 */
public final class PendingAuthorizations {

    static final int LIFETIME_MINUTES = 10;
    static final int MAX_PENDING = 64;
    private static final Duration LIFETIME = Duration.ofMinutes(LIFETIME_MINUTES);

    private final InstantSource clock;
    private final Map<String, PendingAuthorization> byState = new LinkedHashMap<>();

    public PendingAuthorizations(InstantSource clock) {
        this.clock = clock;
    }

    synchronized void add(PendingAuthorization pending) {
        if (byState.size() >= MAX_PENDING) {
            byState.remove(byState.keySet().iterator().next());
        }
        byState.put(pending.state(), pending);
    }

    /** The sign-in {@code state} belongs to, removed; empty when unknown, already used or expired. */
    synchronized Optional<PendingAuthorization> take(String state) {
        PendingAuthorization pending = state == null ? null : byState.remove(state);
        if (pending == null || clock.instant().isAfter(pending.createdAt().plus(LIFETIME))) {
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    /** Whether a sign-in of {@code server} is waiting. */
    public synchronized boolean waiting(String server) {
        return byState.values().stream().anyMatch(p -> p.server().equals(server)
                && !clock.instant().isAfter(p.createdAt().plus(LIFETIME)));
    }
}
