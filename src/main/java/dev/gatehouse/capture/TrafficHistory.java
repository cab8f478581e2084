package dev.gatehouse.capture;

import java.time.Instant;
import java.util.List;

/**
 * What the capture keeps beside exchanges: client sessions, notifications and servers' lifecycle events, each
 * newest first, since a time (null: any), for one server (null: all), at most {@code limit} of them. Recorded
 * redacted, like everything in the capture.
 */
public interface TrafficHistory {

    List<Session> sessions(Instant since, int limit);

    List<Notification> notifications(String server, Instant since, int limit);

    List<UpstreamEvent> upstreamEvents(String server, Instant since, int limit);

    /** A client session under its handle (never its id); {@code endedAt} is null while it is open. */
    record Session(String id, String clientName, String clientVersion, String protocolVersion, String era,
                   String transport, String endpoint, Instant startedAt, Instant endedAt) {
    }

    /** {@code body} is null when the server is captured as metadata. */
    record Notification(long id, String session, String server, String direction, String method, Instant at,
                        long bytes, String body, boolean truncated) {
    }

    /**
     * {@code event} is {@code start}, {@code ready}, {@code crash}, {@code restart}, {@code failed}, {@code stop}
     * or {@code disabled}; {@code exitCode} is set when a process's exit caused it.
     */
    record UpstreamEvent(long id, String server, String event, Instant at, Integer exitCode, int restarts,
                         String detail) {
    }
}
