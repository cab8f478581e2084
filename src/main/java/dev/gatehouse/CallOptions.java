package dev.gatehouse;

import java.time.Duration;

/** Per-call settings. The timeout restarts whenever the server reports progress on the call. */
public record CallOptions(Duration timeout) {

    public static final CallOptions DEFAULT = new CallOptions(Duration.ofSeconds(60));

    public CallOptions {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a call timeout must be positive");
        }
    }
}
