package dev.gatehouse.session;

import dev.gatehouse.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one client request produces: related messages (progress, log messages, server-to-client requests)
 * followed by its response, which is always last. It is an append-only, bounded log rather than a queue, so the
 * connection that made the request and any connection resuming it after a drop read the same messages by
 * position. The HTTP layer answers with plain JSON when the response is the first message, else with SSE.
 */
public final class ExchangeChannel {

    private static final int MAX_RELATED = 256;

    private final List<Message> messages = new ArrayList<>();
    private boolean completed;
    private boolean closed;
    private long dropped;

    /**
     * Appends a related message. Returns false when the channel can no longer carry it (the response is already
     * in, nobody can read it any more, or the bound was hit), so the caller can route it elsewhere.
     */
    public synchronized boolean send(Message related) {
        if (completed || closed) {
            return false;
        }
        if (messages.size() >= MAX_RELATED) {
            dropped++;
            return false;
        }
        messages.add(related);
        notifyAll();
        return true;
    }

    /** Appends the response; only the first call counts. */
    public synchronized boolean complete(Message.Response response) {
        if (completed) {
            return false;
        }
        completed = true;
        messages.add(response);
        notifyAll();
        return true;
    }

    public synchronized boolean isCompleted() {
        return completed;
    }

    /**
     * The messages from position {@code from} on (0-based), waiting up to {@code wait} for at least one; empty if
     * none arrived in time or if the response was already read.
     */
    public synchronized List<Message> after(int from, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (messages.size() <= from && !(completed && from >= messages.size())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        return from >= messages.size() ? List.of() : List.copyOf(messages.subList(from, messages.size()));
    }

    /** No one will read this channel again: later related messages are refused and go elsewhere. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
