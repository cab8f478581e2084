package dev.gatehouse.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorder's queue, bounded by count and by weight: an offer is refused when the queue holds
 * {@code capacity} events or when its weight ({@link EventWeight}) would take what the capture holds past
 * {@code budget} bytes. What the capture holds is the queued events plus the rows the writer prepared from earlier
 * ones and has not yet committed: the writer moves an event's weight to its row's ({@link #exchange}) and lets it
 * go once the row is written or lost ({@link #release}), so the budget bounds the whole of the capture's
 * backlog, not only the queue. Offers never block; the count may overshoot the budget by one event per racing
 * offer for an instant, never more.
 */
final class WeighedQueue {

    record Entry(TrafficEvent event, long weight) {
    }

    private final ArrayBlockingQueue<Entry> entries;
    private final AtomicLong held = new AtomicLong();
    private final int capacity;
    private final long budget;

    WeighedQueue(int capacity, long budget) {
        this.entries = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.budget = budget;
    }

    /** Takes {@code event} unless the queue is full by count or by weight; never blocks. */
    boolean offer(TrafficEvent event) {
        long room = budget - held.get();
        if (room <= 0) {
            return false;
        }
        long weight = EventWeight.of(event, room);
        if (weight > room) {
            return false;
        }
        if (held.addAndGet(weight) > budget) {
            held.addAndGet(-weight);
            return false;
        }
        if (!entries.offer(new Entry(event, weight))) {
            held.addAndGet(-weight);
            return false;
        }
        return true;
    }

    void drainTo(List<Entry> into) {
        entries.drainTo(into);
    }

    /** An event became a row: what the capture holds for it changes from the event's weight to the row's. */
    void exchange(long eventWeight, long rowWeight) {
        held.addAndGet(rowWeight - eventWeight);
    }

    /** Rows or events weighing {@code weight} were written or given up. */
    void release(long weight) {
        held.addAndGet(-weight);
    }

    /**
     * Empties the queue for good (the writer has stopped): lets go of every queued event and forgets the weight of
     * the writer's rows as well; returns how many events there were.
     */
    int abandon() {
        List<Entry> left = new ArrayList<>();
        entries.drainTo(left);
        held.set(0);
        return left.size();
    }

    int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }

    /** What the queued events and the prepared, uncommitted rows weigh. */
    long heldBytes() {
        return held.get();
    }

    long budget() {
        return budget;
    }
}
