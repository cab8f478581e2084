package dev.gatehouse.capture;

/**
 * A record ready to be stored: redacted, serialised, and cut to the column sizes. Only the writer thread makes
 * rows; a {@link TrafficStore} only writes them.
 */
public sealed interface TrafficRow {

    record Session(String id, String clientName, String clientVersion, String protocolVersion, String era,
                   String transport, String endpoint, long startedAt) implements TrafficRow {
    }

    record SessionEnd(String id, long endedAt) implements TrafficRow {
    }

    /** {@code bodies} is null for metadata capture. */
    record Exchange(String session, String server, String direction, String method, String rpcId, String target,
                    long startedAt, long durationMicros, long requestBytes, long responseBytes, String outcome,
                    Integer errorCode, String errorMessage, Integer httpStatus, String capture, Bodies bodies)
            implements TrafficRow {
    }

    record Bodies(String requestHeaders, String requestBody, String responseHeaders, String responseBody,
                  boolean truncated) {
    }

    record Notification(String session, String server, String direction, String method, long at, long bytes,
                        String body, boolean truncated) implements TrafficRow {
    }

    record Lifecycle(String server, String event, long at, Integer exitCode, int restarts, String detail)
            implements TrafficRow {
    }
}
