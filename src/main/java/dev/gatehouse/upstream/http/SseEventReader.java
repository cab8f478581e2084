package dev.gatehouse.upstream.http;

import dev.gatehouse.protocol.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a {@code text/event-stream} body (WHATWG HTML, "server-sent events") one event at a time, holding at most
 * {@code maxEventBytes} of one event. An event larger than that is skipped whole and reported as oversized, so a
 * server that streams without end costs bounded memory and the stream stays in step; the two ends of its oversized
 * data line are kept, to tell whose answer it was. Lines end with LF or CRLF.
 */
public final class SseEventReader {

    /**
     * One dispatched event. {@code id} and {@code retryMillis} are null unless this event set them; {@code type}
     * defaults to {@code message}; {@code data} may be empty (a priming event carries only an id and a retry).
     */
    public record Event(String id, String type, String data, Long retryMillis, boolean oversized, byte[] head,
                        byte[] tail) {

        /** {@code head} and {@code tail}: the two ends of an oversized data line (after "data:"), else null. */
        Event(String id, String type, String data, Long retryMillis, boolean oversized) {
            this(id, type, data, retryMillis, oversized, null, null);
        }
    }

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

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
        byte[] head = null;
        byte[] tail = null;
        for (BoundedLineReader.Line line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.oversized()) {
                oversized = true;
                any = true;
                if (head == null && startsWith(line.head(), DATA)) {
                    byte[] start = line.head();
                    int skip = DATA.length + (start.length > DATA.length && start[DATA.length] == ' ' ? 1 : 0);
                    head = Arrays.copyOfRange(start, skip, start.length);
                    tail = line.tail();
                }
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
                            oversized || data == null ? "" : data.toString(), retry, oversized, head, tail);
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

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
