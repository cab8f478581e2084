package dev.gatehouse.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited frames from a byte stream without ever holding more than {@code maxLineBytes} of one
 * line. A longer line is skipped to its end and reported as {@link Line#oversized()}, so a peer that writes an
 * endless line costs bounded memory and the stream stays in sync.
 */
public final class BoundedLineReader {

    /** One frame: its bytes (without the newline) or, if it was too long, only its length. */
    public record Line(byte[] bytes, long length, boolean oversized) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[8 * 1024];

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
            return new Line(null, length, true);
        }
        int end = (int) length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return new Line(Arrays.copyOf(line, end), end, false);
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
