package dev.gatehouse.bridge;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The bridge's stdout: newline-delimited JSON-RPC messages to the client, nothing else. Messages come from several
 * threads (request streams, the GET stream), so each line is written and flushed whole under one lock. Once the
 * client has closed its end, writes are dropped and {@link #closed()} says so.
 */
final class ClientLines {

    private final OutputStream out;
    private boolean closed;

    ClientLines(OutputStream out) {
        this.out = out;
    }

    /** Writes one message; {@code json} must be a single line of JSON. */
    synchronized void write(byte[] json) {
        if (closed) {
            return;
        }
        try {
            out.write(json);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            closed = true;
        }
    }

    synchronized boolean closed() {
        return closed;
    }
}
