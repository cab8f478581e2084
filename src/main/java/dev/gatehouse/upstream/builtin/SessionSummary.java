package dev.gatehouse.upstream.builtin;

import java.time.Instant;

/**
 * A client session as the built-in server shows it. {@code idPrefix} is only the start of the id: a full session id
 * would let one agent act inside another's session.
 */
public record SessionSummary(String idPrefix, String endpoint, String protocolVersion, String clientName,
                             String clientVersion, Instant created, Instant lastActive, int inFlight) {
}
