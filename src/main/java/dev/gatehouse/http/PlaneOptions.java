package dev.gatehouse.http;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.config.PlaneToken;

/**
 * The bounds and guards of the MCP plane. {@code token} is null when the gateway runs without a home; then a
 * request that needs the token (because {@code requireToken} is set or the peer cannot be identified) is refused.
 */
public record PlaneOptions(long maxBodyBytes, int maxHeaderBytes, int maxStreamsPerSession, LimitCounters counters,
                           boolean requireToken, PlaneToken token) {

    public PlaneOptions {
        if (maxBodyBytes < 1 || maxHeaderBytes < 1024 || maxStreamsPerSession < 1 || counters == null) {
            throw new IllegalArgumentException("plane bounds must be positive and counters set");
        }
    }
}
