package dev.gatehouse.upstream.http;

import dev.gatehouse.protocol.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} body (WHATWG HTML, "server-sent events") one event at a time, holding at most
 * {@code maxEventBytes} of one event. An event larger than that is skipped whole and reported as oversized, so a
 * server that streams without end costs bounded memory and the stream stays in step. Lines end with LF or CRLF.
 */
public final class SseEventReader {

    /**
     * One dispatched event. {@code id} and {@code retryMillis} are null unless this event set them; {@code type}
     * defaults to {@code message}; {@code data} may be empty (a priming event carries only an id and a retry).
     */
    public record Event(String id, String type, String data, Long retryMillis, boolean oversized) {
    }

    private final BoundedLineReader lines;
    private final int maxEventBytes;
    private boolean first = true;

    public SseEventReader(InputStream in, int maxEventBytes) {
        this.lines = new BoundedLineReader(in, maxEventBytes);
        this.maxEventBytes = maxEventBytes;
    }

    /** The next event, or null at the end of the stream (a final event without its blank line is dropped). */
    public Event next() throws IOException {
        String id = null;
        String type = null;
        Long retry = null;
        StringBuilder data = null;
        boolean oversized = false;
        boolean any = false;
        for (BoundedLineReader.Line line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.oversized()) {
                oversized = true;
                any = true;
                continue;
            }
            String text = new String(line.bytes(), StandardCharsets.UTF_8);
            if (first) {
                first = false;
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
            }
            if (text.isEmpty()) {
                if (any) {
                    return new Event(id, type == null ? "message" : type,
                            oversized || data == null ? "" : data.toString(), retry, oversized);
                }
                continue;
            }
            if (text.startsWith(":")) {
                continue;
            }
            any = true;
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + (text.startsWith(" ", colon + 1) ? 2 : 1));
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                    if (data.length() > maxEventBytes) {
                        oversized = true;
                        data = new StringBuilder();
                    }
                }
                case "event" -> type = value;
                case "id" -> id = value.indexOf('\0') < 0 ? value : id;
                case "retry" -> retry = value.matches("[0-9]{1,9}") ? Long.valueOf(value) : retry;
                default -> {
                    // Unknown fields are ignored, as the specification requires.
                }
            }
        }
        return null;
    }
}
