package dev.gatehouse;

import java.time.Duration;

/** Per-call settings. The timeout restarts whenever the server reports progress on the call. */
public record CallOptions(Duration timeout) {

    /** The server's configured timeout; 60 s where none is configured. */
    public static final CallOptions DEFAULT = new CallOptions(Duration.ofSeconds(60));

    public CallOptions {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a call timeout must be positive");
        }
    }

    /**
     * The timeout to apply to a call with these options ({@code null} too) on a server configured with
     * {@code configured}. {@link #DEFAULT} is told apart by identity, not by value: a caller that asks for exactly
     * 60 s gets 60 s, not the server's own timeout.
     */
    public static Duration timeoutOn(CallOptions options, Duration configured) {
        return options == null || options == DEFAULT ? configured : options.timeout();
    }
}
