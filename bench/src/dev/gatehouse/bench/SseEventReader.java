package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads the {@code data} of server-sent events: consecutive {@code data:} lines joined by newlines, an event
 * ending at a blank line. Comments, {@code event:}, {@code id:} and {@code retry:} fields and events without
 * data (such as a priming event) are skipped, since the benchmark only looks for its JSON-RPC answer.
 */
final class SseEventReader {

    private final BufferedReader in;

    SseEventReader(BufferedReader in) {
        this.in = in;
    }

    /** Returns the next event's data, or null when the stream ends. */
    String nextData() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            if (!line.startsWith("data")) {
                continue;
            }
            String value;
            if (line.length() == 4) {
                value = "";
            } else if (line.charAt(4) == ':') {
                value = line.startsWith(" ", 5) ? line.substring(6) : line.substring(5);
            } else {
                continue; // a field merely starting with "data", such as "database:"
            }
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
        return data == null ? null : data.toString(); // the stream ended without the final blank line
    }
}
