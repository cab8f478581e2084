package dev.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.node.ObjectNode;

/**
 * The modern fixture's answer to one request: plain JSON, unless the handler sends a notification about the request
 * (progress, a log message) first, which turns the answer into an SSE stream ending with the response.
 */
final class ModernFixtureReply {

    private final Response response;
    private boolean streaming;

    ModernFixtureReply(Response response) {
        this.response = response;
    }

    /** Sends a notification ahead of the response, on this request's stream. */
    synchronized void notification(ObjectNode message) {
        try {
            if (!streaming) {
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream");
                streaming = true;
            }
            ModernFixtureListeners.event(response, message);
        } catch (IOException e) {
            throw new UncheckedIOException("the client left", e);
        }
    }

    /** Sends the response: the stream's last event, or the whole body with {@code status}. */
    synchronized void finish(int status, ObjectNode message) throws IOException {
        if (streaming) {
            ModernFixtureListeners.event(response, message);
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
        } else {
            json(response, status, message);
        }
    }

    static void json(Response response, int status, ObjectNode message) throws IOException {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        Content.Sink.write(response, true, ByteBuffer.wrap(
                FixtureContent.JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8)));
    }
}
