package dev.gatehouse.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one HTTP/1.1 response, read off a kept-alive connection: a fixed {@code Content-Length}, a
 * {@code chunked} body, or (when the server gave neither) everything until the server closes. It stops exactly
 * at the body's end, so the next response on the connection starts where this one finished, and it tells
 * {@link HttpConnection} whether it got there.
 */
final class ResponseBody extends InputStream {

    private static final int MAX_CHUNK_LINE = 1024;

    private final InputStream in;
    private final boolean chunked;
    private final boolean untilClose;
    /** Bytes left in the body (fixed length) or in the current chunk (chunked; 0 before the first). */
    private long remaining;
    private boolean finished;

    private ResponseBody(InputStream in, boolean chunked, boolean untilClose, long remaining) {
        this.in = in;
        this.chunked = chunked;
        this.untilClose = untilClose;
        this.remaining = remaining;
        this.finished = !chunked && !untilClose && remaining == 0;
    }

    static ResponseBody fixed(InputStream in, long length) {
        return new ResponseBody(in, false, false, length);
    }

    static ResponseBody chunked(InputStream in) {
        return new ResponseBody(in, true, false, 0);
    }

    /** A body delimited by the server closing the connection, which is then of no further use. */
    static ResponseBody untilClose(InputStream in) {
        return new ResponseBody(in, false, true, Long.MAX_VALUE);
    }

    /** True once the whole body has been read; only then may the connection carry another request. */
    boolean finished() {
        return finished;
    }

    boolean delimitedByClose() {
        return untilClose;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (chunked && remaining == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            if (untilClose) {
                finished = true;
                return -1;
            }
            throw new EOFException("the server closed the connection " + remaining + " bytes before the body's end");
        }
        remaining -= n;
        if (remaining == 0 && !chunked) {
            finished = true;
        }
        return n;
    }

    /**
     * Reads the next chunk's size line; false at the last, empty chunk. The CRLF that ends a chunk's data is read
     * here, lazily, rather than right after the data: servers (Jetty among them) send it together with the
     * next chunk's size, and waiting for it eagerly would hold an event back until the next one arrived.
     */
    private boolean nextChunk() throws IOException {
        String line = HttpConnection.readLine(in, MAX_CHUNK_LINE);
        if (line.isEmpty()) {
            line = HttpConnection.readLine(in, MAX_CHUNK_LINE); // that was the previous chunk's closing CRLF
        }
        int extension = line.indexOf(';');
        String size = (extension < 0 ? line : line.substring(0, extension)).strip();
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size line: '" + line + "'");
        }
        if (remaining < 0) {
            throw new IOException("negative chunk size: '" + line + "'");
        }
        if (remaining > 0) {
            return true;
        }
        while (!HttpConnection.readLine(in, MAX_CHUNK_LINE).isEmpty()) {
            // trailer fields: nothing the benchmark needs
        }
        finished = true;
        return false;
    }

    /** Reads to the body's end, so the connection can be reused. */
    void discard() throws IOException {
        byte[] sink = new byte[8192];
        while (read(sink, 0, sink.length) >= 0) {
            // skipping
        }
    }
}
