package dev.gatehouse.upstream.stdio;

import dev.gatehouse.protocol.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last lines a server wrote on stderr, across its restarts, bounded by line count and by characters. Stderr is
 * for diagnosis in the log and the admin API; it never reaches a client (GatewayFailure's contract).
 */
final class StderrTail {

    private static final Logger log = LoggerFactory.getLogger(StderrTail.class);
    private static final int MAX_LINE_CHARS = 2_000;
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final int maxLines;
    private final int maxChars;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private int chars;

    StderrTail(int maxLines, int maxChars) {
        if (maxLines < 1 || maxChars < MAX_LINE_CHARS) {
            throw new IllegalArgumentException("a stderr tail needs at least one line of " + MAX_LINE_CHARS
                    + " characters");
        }
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    synchronized void add(String line) {
        String kept = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
        lines.addLast(kept);
        chars += kept.length();
        while (lines.size() > maxLines || chars > maxChars) {
            chars -= lines.removeFirst().length();
        }
    }

    synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    /** Reads {@code in} to its end on the calling thread, keeping and logging each line. */
    void drain(String server, InputStream in) {
        try (in) {
            BoundedLineReader reader = new BoundedLineReader(in, MAX_LINE_BYTES);
            for (BoundedLineReader.Line line = reader.readLine(); line != null; line = reader.readLine()) {
                String text = line.oversized()
                        ? "[" + line.length() + "-byte line omitted]"
                        : new String(line.bytes(), StandardCharsets.UTF_8);
                add(text);
                log.debug("[{} stderr] {}", server, text);
            }
        } catch (IOException e) {
            log.debug("Server {}: stderr failed ({})", server, e.getMessage());
        }
    }
}
