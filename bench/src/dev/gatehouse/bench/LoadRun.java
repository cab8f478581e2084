package dev.gatehouse.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs N workers, each with its own session, calling the tool back to back (a closed loop: a worker's next
 * call starts when its previous one ends). Every worker opens its session first; then all start together,
 * calls during the warmup are not recorded, and the measured window is either a fixed duration (calls
 * <em>started</em> inside it count) or a fixed number of calls shared by all workers.
 *
 * <p>Threads: each worker owns its session and histogram; the coordinating thread reads them only after the
 * worker has published {@code finished}, and a worker still stuck in a call after the grace period is counted
 * as an error, not waited for.
 */
final class LoadRun {

    /** {@code duration} null means a fixed {@code calls} count. */
    record Plan(int concurrency, Duration warmup, Duration duration, long calls, boolean virtualThreads,
                Duration grace) {
        Plan {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
            }
            if ((duration == null) == (calls <= 0)) {
                throw new IllegalArgumentException("give exactly one of a duration or a positive call count");
            }
        }
    }

    private LoadRun() {
    }

    static RunResult run(String target, int size, Plan plan, McpSession.Opener opener)
            throws IOException, InterruptedException {
        var ready = new CountDownLatch(plan.concurrency());
        var go = new CountDownLatch(1);
        var done = new CountDownLatch(plan.concurrency());
        var tickets = new AtomicLong(plan.calls());
        var window = new long[2]; // measure start and end, written before go.countDown()
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < plan.concurrency(); i++) {
            var worker = new Worker();
            workers.add(worker);
            Runnable body = () -> worker.run(opener, ready, go, done, window, plan.duration() == null ? tickets : null);
            var builder = plan.virtualThreads() ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
            builder.name("load-" + i).start(body);
        }
        ready.await();
        for (Worker w : workers) {
            if (w.openFailure != null) {
                window[0] = Long.MIN_VALUE; // tells the workers that did open a session to stop at once
                go.countDown();
                done.await(plan.grace().toMillis(), TimeUnit.MILLISECONDS);
                throw new IOException("opening a session for " + target + " failed: " + w.openFailure.getMessage(),
                        w.openFailure);
            }
        }
        long start = System.nanoTime();
        window[0] = start + plan.warmup().toNanos();
        window[1] = plan.duration() == null ? Long.MAX_VALUE : window[0] + plan.duration().toNanos();
        go.countDown();

        if (plan.duration() == null) {
            done.await();
        } else {
            long bound = plan.warmup().plus(plan.duration()).plus(plan.grace()).toMillis();
            done.await(bound, TimeUnit.MILLISECONDS);
        }
        var histogram = new LatencyHistogram();
        long errors = 0;
        long lastEnd = window[0];
        String firstError = null;
        int stuck = 0;
        for (Worker w : workers) {
            if (!w.finished) {
                stuck++;
                continue;
            }
            histogram.add(w.histogram);
            errors += w.errors;
            lastEnd = Math.max(lastEnd, w.lastEnd);
            if (firstError == null && w.firstError != null) {
                firstError = w.firstError;
            }
        }
        if (stuck > 0) {
            errors += stuck;
            firstError = stuck + " of " + plan.concurrency() + " workers still inside a call " + plan.grace().toMillis()
                    + " ms after the window closed" + (firstError == null ? "" : "; " + firstError);
        }
        double seconds = (lastEnd - window[0]) / 1e9;
        return new RunResult(target, size, plan.concurrency(), histogram.count(), errors, seconds,
                histogram.percentile(50), histogram.percentile(99), histogram.max(), histogram.mean(), firstError);
    }

    private static final class Worker {
        final LatencyHistogram histogram = new LatencyHistogram();
        long errors;
        long lastEnd;
        String firstError;
        volatile Exception openFailure;
        volatile boolean finished;

        void run(McpSession.Opener opener, CountDownLatch ready, CountDownLatch go, CountDownLatch done,
                 long[] window, AtomicLong tickets) {
            McpSession session = null;
            try {
                try {
                    session = opener.open();
                } catch (Exception e) {
                    openFailure = e;
                    return;
                } finally {
                    ready.countDown();
                }
                go.await();
                if (window[0] == Long.MIN_VALUE) {
                    return; // another worker could not open its session; the run is off
                }
                loop(session, window[0], window[1], tickets);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (session != null) {
                    session.close();
                }
                finished = true;
                done.countDown();
            }
        }

        private void loop(McpSession session, long measureStart, long measureEnd, AtomicLong tickets)
                throws InterruptedException {
            while (true) {
                long begin = System.nanoTime();
                boolean measured = begin - measureStart >= 0;
                if (measured && (tickets == null ? begin - measureEnd >= 0 : tickets.getAndDecrement() <= 0)) {
                    return;
                }
                try {
                    session.callTool();
                    long end = System.nanoTime();
                    if (measured) {
                        histogram.record(end - begin);
                        lastEnd = end;
                    }
                } catch (IOException | RuntimeException e) {
                    errors++; // warmup failures count too: a run with any error is not a valid measurement
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                    Thread.sleep(10); // a failing target must not turn the run into a busy loop
                }
            }
        }
    }
}
