package dev.gatehouse.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An answer from the gateway whose head has arrived: its status, headers and a body read as it comes. Closing it
 * closes the connection, which also ends a stream the gateway is still writing (and, for a modern request,
 * cancels it upstream).
 */
final class HttpAnswer implements AutoCloseable {

    /** Header fields by lower-case name, in arrival order. */
    static final class Headers {
        private final Map<String, List<String>> fields = new LinkedHashMap<>();

        void add(String lowerCaseName, String value) {
            fields.computeIfAbsent(lowerCaseName, name -> new ArrayList<>(1)).add(value);
        }

        /** The first value of {@code name}, or null. */
        String first(String name) {
            List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        /** Every value of {@code name}. */
        List<String> all(String name) {
            return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private final int status;
    private final Headers headers;
    private final InputStream body;
    private final SocketChannel channel;

    HttpAnswer(int status, Headers headers, InputStream body, SocketChannel channel) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.channel = channel;
    }

    int status() {
        return status;
    }

    Headers headers() {
        return headers;
    }

    InputStream body() {
        return body;
    }

    /** Whether the body is an SSE stream rather than one JSON document. */
    boolean isEventStream() {
        String type = headers.first("content-type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    /** The whole body, refused past {@code maxBytes}. */
    byte[] readBody(int maxBytes) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new IOException("the gateway's answer is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a connection the gateway may already have closed: nothing is left to release.
        }
    }
}
