package dev.gatehouse.session;

import dev.gatehouse.protocol.Message;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream of one client request: messages related to it (progress, log messages, server-to-client requests)
 * followed by its response, which is always last. The HTTP layer reads it and answers with plain JSON when the
 * response comes first, or switches to SSE when something related arrives before it.
 */
public final class ExchangeChannel {

    private static final int CAPACITY = 256;

    private final ArrayBlockingQueue<Message> queue = new ArrayBlockingQueue<>(CAPACITY + 1);
    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * Queues a related message. Returns false when the channel can no longer carry it (the response was already
     * queued, the client went away, or the bound was hit), so the caller can route it elsewhere.
     */
    public boolean send(Message related) {
        if (completed.get() || closed) {
            return false;
        }
        if (queue.size() >= CAPACITY || !queue.offer(related)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Queues the response; only the first call counts. The extra slot means the response always fits. */
    public boolean complete(Message.Response response) {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        return queue.offer(response);
    }

    public boolean isCompleted() {
        return completed.get();
    }

    /** The next message, or null if none arrived within {@code wait}. */
    public Message next(Duration wait) throws InterruptedException {
        return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Called by the reader when the client has gone: later related messages are refused. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public long dropped() {
        return dropped.get();
    }
}
