package dev.gatehouse.session;

import dev.gatehouse.protocol.Message;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded queue of messages waiting for a stream to carry them. When full, the oldest message is dropped and
 * counted, here and in the gateway's total (which outlives the session, for the metrics): a client that never reads
 * must not grow the gateway's memory.
 */
public final class OutboundQueue {

    private final ArrayBlockingQueue<Message> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final LongAdder allDropped;

    /** {@code allDropped} counts the drops of every session's queue. */
    public OutboundQueue(int capacity, LongAdder allDropped) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.allDropped = allDropped;
    }

    public void offer(Message message) {
        while (!queue.offer(message)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
                allDropped.increment();
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
