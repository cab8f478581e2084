package dev.gatehouse.upstream.stdio;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.protocol.BoundedLineReader;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.UnreadableAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of a child's stdout. It only frames and parses: each JSON-RPC message goes to the {@link Sink}, which
 * completes pending calls or hands the message on. Oversized and non-JSON-RPC lines are logged and skipped; when one
 * is recognisably the answer to a call ({@link UnreadableAnswer}), the sink is told, so the call fails at once.
 */
final class StdoutReader implements Runnable {

    /** Where parsed messages go. Called on the reader thread; must not block on the child. */
    interface Sink {
        void onMessage(Message message);

        /** The answer to upstream id {@code id} arrived but cannot be read; {@code reason} says why, safe to show. */
        void onUnreadableAnswer(long id, String reason);

        /** Stdout reached EOF or failed: the child has exited or is about to. Called once, last. */
        void onEnd();
    }

    private static final Logger log = LoggerFactory.getLogger(StdoutReader.class);
    private static final int LOGGED_CHARS = 160;

    private final String server;
    private final InputStream in;
    private final int maxLineBytes;
    private final LimitCounters counters;
    private final JsonRpcCodec codec;
    private final Sink sink;

    StdoutReader(String server, InputStream in, int maxLineBytes, JsonRpcCodec codec, Sink sink,
                 LimitCounters counters) {
        this.counters = counters;
        this.server = server;
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.codec = codec;
        this.sink = sink;
    }

    @Override
    public void run() {
        try (in) {
            BoundedLineReader lines = new BoundedLineReader(in, maxLineBytes);
            for (BoundedLineReader.Line line = lines.readLine(); line != null; line = lines.readLine()) {
                handle(line);
            }
        } catch (IOException e) {
            log.debug("Server {}: stdout failed ({})", server, e.getMessage());
        } finally {
            sink.onEnd();
        }
    }

    private void handle(BoundedLineReader.Line line) {
        if (line.oversized()) {
            counters.hit(LimitCounters.Limit.UPSTREAM_LINE_BYTES);
            log.warn("Server {} wrote a {}-byte line on stdout, over the {}-byte limit; skipped", server,
                    line.length(), maxLineBytes);
            UnreadableAnswer.id(line.head(), line.tail()).ifPresent(id -> sink.onUnreadableAnswer(id,
                    "a " + line.length() + "-byte message, over the " + maxLineBytes + "-byte limit for one line"));
            return;
        }
        if (isBlank(line.bytes())) {
            return;
        }
        Message message;
        try {
            message = codec.decode(line.bytes());
        } catch (ProtocolException e) {
            log.warn("Server {} wrote a line that is not JSON-RPC ({}); skipped: {}", server, e.getMessage(),
                    excerpt(line.bytes()));
            UnreadableAnswer.id(line.bytes()).ifPresent(id -> sink.onUnreadableAnswer(id,
                    "a message that cannot be read (" + e.getMessage() + ")"));
            return;
        }
        try {
            sink.onMessage(message);
        } catch (RuntimeException e) {
            // A faulty listener must not stop the reader: every later response would be lost.
            log.error("Server {}: handling a {} failed", server, message.getClass().getSimpleName(), e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The start of a line, decoded as UTF-8, with control characters replaced so a log line stays one line. */
    static String excerpt(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, LOGGED_CHARS * 4), StandardCharsets.UTF_8);
        if (text.length() > LOGGED_CHARS) {
            text = text.substring(0, LOGGED_CHARS) + "…";
        }
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
