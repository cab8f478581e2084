package dev.gatehouse.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited frames from a byte stream without ever holding more than {@code maxLineBytes} of one
 * line. A longer line is skipped to its end and reported as {@link Line#oversized()}, so a peer that writes an
 * endless line costs bounded memory and the stream stays in sync. Of a skipped line its first and last
 * {@link #EDGE_BYTES} bytes are kept, enough to tell whose answer it was ({@link UnreadableAnswer}).
 */
public final class BoundedLineReader {

    /** How much of each end of an oversized line is kept. */
    public static final int EDGE_BYTES = 1024;

    /**
     * One frame: its bytes (without the newline) or, if it was too long, its length and its two ends ({@code head}
     * and {@code tail}, each at most {@link #EDGE_BYTES}; both null for a line that fit).
     */
    public record Line(byte[] bytes, long length, boolean oversized, byte[] head, byte[] tail) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[8 * 1024];
    private final byte[] head = new byte[EDGE_BYTES];
    private final byte[] tail = new byte[EDGE_BYTES];
    private int headLength;
    private int tailLength;

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at end of stream. A final line without a newline is returned too. */
    public Line readLine() throws IOException {
        long length = 0;
        boolean oversized = false;
        headLength = 0;
        tailLength = 0;
        while (true) {
            if (position == limit) {
                int read = in.read(buffer);
                if (read < 0) {
                    return length == 0 && !oversized ? null : finish(length, oversized);
                }
                position = 0;
                limit = read;
            }
            int start = position;
            int newline = indexOfNewline(start);
            int end = newline < 0 ? limit : newline;
            int chunk = end - start;
            keepEdges(start, chunk);
            if (!oversized) {
                if ((long) length + chunk > maxLineBytes) {
                    oversized = true;
                } else {
                    ensureCapacity((int) length + chunk);
                    System.arraycopy(buffer, start, line, (int) length, chunk);
                }
            }
            length += chunk;
            if (newline >= 0) {
                position = newline + 1;
                return finish(length, oversized);
            }
            position = limit;
        }
    }

    private Line finish(long length, boolean oversized) {
        if (oversized) {
            int tailEnd = tailLength > 0 && tail[tailLength - 1] == '\r' ? tailLength - 1 : tailLength;
            return new Line(null, length, true, Arrays.copyOf(head, headLength), Arrays.copyOf(tail, tailEnd));
        }
        int end = (int) length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return new Line(Arrays.copyOf(line, end), end, false, null, null);
    }

    /** Keeps the first and the last {@link #EDGE_BYTES} of the current line, from {@code chunk} bytes of the buffer. */
    private void keepEdges(int start, int chunk) {
        int toHead = Math.min(chunk, EDGE_BYTES - headLength);
        System.arraycopy(buffer, start, head, headLength, toHead);
        headLength += toHead;
        if (chunk >= EDGE_BYTES) {
            System.arraycopy(buffer, start + chunk - EDGE_BYTES, tail, 0, EDGE_BYTES);
            tailLength = EDGE_BYTES;
            return;
        }
        int kept = Math.min(tailLength, EDGE_BYTES - chunk);
        System.arraycopy(tail, tailLength - kept, tail, 0, kept);
        System.arraycopy(buffer, start, tail, kept, chunk);
        tailLength = kept + chunk;
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
        }
    }
}
