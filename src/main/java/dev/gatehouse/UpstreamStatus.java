package dev.gatehouse;

import java.time.Instant;

/** Where an upstream stands, and why. {@code lastError} never holds a secret or an environment value. */
public record UpstreamStatus(State state, String lastError, int restarts, Instant since) {

    public enum State {
        /** Configured but not yet started (lazy start, or after a clean stop). */
        STOPPED,
        STARTING,
        READY,
        /** Crashed; waiting before the next start. */
        BACKOFF,
        /** Could not be started; the reason is in {@code lastError}. */
        FAILED,
        /** A remote server that refused the gateway until the user signs in ({@code gatehouse auth login}). */
        NEEDS_AUTH,
        DISABLED;

        /** The lower-case name used in JSON answers ({@code needs-auth}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public UpstreamStatus {
        if (state == null || since == null) {
            throw new IllegalArgumentException("a status needs a state and a time");
        }
    }
}
