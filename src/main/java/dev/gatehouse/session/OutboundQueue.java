package dev.gatehouse.session;

import dev.gatehouse.protocol.Message;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded queue of messages waiting for a stream to carry them. When full, the oldest message is dropped and
 * counted: a client that never reads must not grow the gateway's memory.
 */
public final class OutboundQueue {

    private final ArrayBlockingQueue<Message> queue;
    private final AtomicLong dropped = new AtomicLong();

    public OutboundQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public void offer(Message message) {
        while (!queue.offer(message)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    /** The next message, or null if none arrived within {@code wait}. */
    public Message poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    public long dropped() {
        return dropped.get();
    }

    public int size() {
        return queue.size();
    }
}
