package dev.gatehouse.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * Writes Server-Sent Events to a response, blocking the (virtual) thread until each event is on the wire; a slow
 * client therefore slows only its own stream. An {@link IOException} means the client went away.
 */
final class SseWriter {

    /** How long a client waits before it reconnects to a stream the gateway closed: a restart takes about this. */
    static final int RECONNECT_AFTER_MILLIS = 1000;

    private static final byte[] EVENT_SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;

    SseWriter(Response response) {
        this.response = response;
    }

    static void prepare(Response response) {
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "text/event-stream");
        response.getHeaders().put("Cache-Control", "no-cache, no-transform");
        // Reverse proxies must not hold events back waiting to fill a buffer.
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    /**
     * The first event of a stream: its id and empty data, so a client that loses the connection before any
     * message can still resume, and the {@code retry} delay, so a client whose stream the gateway closes (it does
     * so only when a session ends or the gateway stops, never mid-call) knows how soon to come back. Sent only to
     * clients of 2025-11-25 and later, which expect both; older ones, the official Java SDK 0.17 among them,
     * reject the empty event and the {@code retry} line as invalid SSE.
     */
    void prime(String id) throws IOException {
        write("id: " + id + "\nretry: " + RECONNECT_AFTER_MILLIS + "\ndata: \n\n");
    }

    /**
     * One message event, with an id unless {@code id} is null (modern streams are not resumable). The JSON never
     * contains a raw newline, so it fits one {@code data:} line.
     */
    void event(String id, byte[] json) throws IOException {
        byte[] prefix = ((id == null ? "" : "id: " + id + "\n") + "event: message\ndata: ")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(prefix.length + json.length + EVENT_SUFFIX.length);
        buffer.put(prefix).put(json).put(EVENT_SUFFIX).flip();
        Content.Sink.write(response, false, buffer);
    }

    /** A named event of the deprecated HTTP+SSE transport ({@code endpoint} or {@code message}). */
    void named(String event, String data) throws IOException {
        write("event: " + event + "\ndata: " + data + "\n\n");
    }

    private void write(String text) throws IOException {
        Content.Sink.write(response, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A comment line: keeps idle connections and intermediaries from timing out. */
    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    void end() throws IOException {
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }
}
