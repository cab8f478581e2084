package dev.gatehouse.upstream.stdio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a child's stdin: a bounded queue drained by one thread. Callers never block on the pipe, so a
 * child that stops reading fills its queue (callers get a clear limit error) instead of hanging request threads, and
 * the shutdown sequence can always proceed to signals. Each message is one line; the codec never emits raw newlines.
 */
final class StdinWriter {

    private static final Logger log = LoggerFactory.getLogger(StdinWriter.class);
    private static final byte[] CLOSE = new byte[0];

    private final String server;
    private final OutputStream out;
    private final BlockingQueue<byte[]> queue;
    private volatile boolean closed;

    StdinWriter(String server, OutputStream out, int capacity) {
        this.server = server;
        this.out = out;
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    void start(ThreadFactory threads) {
        Thread thread = threads.newThread(this::run);
        thread.setName("gatehouse-stdio-" + server + "-stdin");
        thread.start();
    }

    /** Queues one encoded message; false when the queue is full or stdin is closed or broken. */
    boolean offer(byte[] message) {
        return !closed && queue.offer(message);
    }

    boolean isClosed() {
        return closed;
    }

    /** Asks the writer thread to close stdin after dropping what is still queued. Never blocks. */
    void close() {
        closed = true;
        queue.clear();
        while (!queue.offer(CLOSE)) {
            queue.clear();
        }
    }

    private void run() {
        try (out) {
            while (true) {
                byte[] message = queue.take();
                if (message == CLOSE) {
                    return;
                }
                out.write(message);
                out.write('\n');
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            closed = true;
            log.debug("Server {}: stdin is closed ({})", server, e.getMessage());
        } catch (InterruptedException e) {
            closed = true;
            Thread.currentThread().interrupt();
        }
    }
}
