package dev.gatehouse.http;

import java.time.Duration;

/**
 * Counts the requests being served so that shutdown can let them finish: once {@link #drain} starts, new requests
 * are turned away and the caller waits, up to a grace period, for the count to reach zero. Long-lived GET streams
 * are not counted; they end when the server stops.
 */
final class InFlightRequests {

    private int count;
    private boolean draining;

    /** Admits a request; false once draining has begun. */
    synchronized boolean enter() {
        if (draining) {
            return false;
        }
        count++;
        return true;
    }

    synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Turns new requests away and waits for the admitted ones; true when they all finished within {@code grace}. */
    synchronized boolean drain(Duration grace) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
