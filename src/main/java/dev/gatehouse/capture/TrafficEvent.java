package dev.gatehouse.capture;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import java.util.List;
import java.util.Map;

/**
 * Something the request path hands to the capture. Events hold references to the messages as they were sent,
 * not copies: serialising and redacting them is the writer thread's work, so enqueueing costs one small object.
 * The messages must not be changed once handed over (the request path is done with them by then).
 * Times are microseconds since the epoch.
 */
public sealed interface TrafficEvent {

    /** Which way a request or notification went. */
    enum Direction {
        CLIENT_TO_SERVER, SERVER_TO_CLIENT;

        String label() {
            return this == CLIENT_TO_SERVER ? "client_to_server" : "server_to_client";
        }
    }

    /** A client session began; {@code sessionId} is the raw id, turned into a handle before it is written. */
    record SessionStarted(String sessionId, String clientName, String clientVersion, String protocolVersion,
                          String era, String transport, String endpoint, long atMicros) implements TrafficEvent {
    }

    record SessionEnded(String sessionId, long atMicros) implements TrafficEvent {
    }

    /**
     * A request and its answer. {@code requestHeaders} is null when the request did not come over HTTP or the
     * server is captured as metadata, {@code responseHeaders} too and also when no HTTP reply carried the answer;
     * {@code requestBytes} is the size on the wire, or -1 to measure the message; {@code withBodies} is false for
     * metadata capture.
     */
    record Exchange(String sessionId, String server, Direction direction, Message.Request request,
                    Message.Response response, String target, long startedAtMicros, long durationMicros,
                    List<Map.Entry<String, String>> requestHeaders, long requestBytes, Integer httpStatus,
                    boolean withBodies, List<Map.Entry<String, String>> responseHeaders) implements TrafficEvent {
    }

    /**
     * A server's request to a client that the gateway withdrew before the client answered it: the client cancelled
     * the call it belonged to or did not come back in time, or the call ended first; {@code reason} says which.
     * Recorded as a server-to-client exchange whose outcome is {@code withdrawn}.
     */
    record Withdrawn(String sessionId, String server, Message.Request request, String reason, long startedAtMicros,
                     long durationMicros, boolean withBodies) implements TrafficEvent {
    }

    record Notification(String sessionId, String server, Direction direction, Message.Notification notification,
                        long atMicros, boolean withBodies) implements TrafficEvent {
    }

    /** A server's state changed. */
    record Lifecycle(String server, UpstreamStatus status) implements TrafficEvent {
    }

    /**
     * The gateway itself replaced a running server's connection with one it starts now ({@code restarted}), or
     * stopped it ({@code gatehouse server restart}, a failed health check, a config change, idle time), for
     * {@code reason}; {@code restarts} counts the server's restarts so far, this one included.
     */
    record Replaced(String server, boolean restarted, String reason, int restarts, long atMicros)
            implements TrafficEvent {
    }
}
