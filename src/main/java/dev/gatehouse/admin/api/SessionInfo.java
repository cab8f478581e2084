package dev.gatehouse.admin.api;

/** One open client session (legacy era). The full id is shown: the socket is reachable by its owner only. */
public record SessionInfo(String id, String endpoint, String protocolVersion, String clientName,
                          String clientVersion, String created, String lastActive, int inFlight) {
}
