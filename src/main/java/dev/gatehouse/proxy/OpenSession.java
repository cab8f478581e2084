package dev.gatehouse.proxy;

import java.time.Instant;

/** A client session as the management API and the built-in server see it; client fields may be null. */
public record OpenSession(String id, String endpoint, String protocolVersion, String clientName,
                          String clientVersion, Instant created, Instant lastActive, int inFlight) {
}
