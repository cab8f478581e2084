package dev.gatehouse.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the capture within its age and size bounds, and carries out {@code logs clear}: deletes what is older
 * than the maximum age, then the oldest records while they occupy more than the maximum size, and compacts after
 * a large deletion. All of it runs on the writer thread in short steps, one per turn of the writer's loop, so
 * recording goes on between them however much is deleted: a step is one chunk of deletion or compaction, in its
 * own transaction, sized to take about {@link ChunkSize#TARGET_NANOS}.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** Deleting at least this many exchanges at once is worth giving the space back to the file system. */
    static final long LARGE_DELETION = 1000;

    private final TrafficStore store;
    private final Duration maxAge;
    private final long maxBytes;
    private final Deque<Job> jobs = new ArrayDeque<>();
    private final ChunkSize deletionChunk = new ChunkSize(256, 16, 16_384);
    private final ChunkSize compactionPages = new ChunkSize(1024, 64, 65_536);

    Retention(TrafficStore store, Duration maxAge, long maxBytes) {
        this.store = store;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /** A piece of work done in steps; {@link #step} returns true once the job is finished. */
    private interface Job {
        boolean step() throws CaptureStoreException;

        /** The job will not be finished (the recorder stopped). */
        default void abandon() {
        }
    }

    /** Begins a check of both bounds, unless one is still under way. */
    void schedule(Instant now) {
        if (jobs.stream().noneMatch(BoundsCheck.class::isInstance)) {
            jobs.add(new BoundsCheck(now.minus(maxAge)));
        }
    }

    /**
     * Queues the deletion of what was recorded before {@code before} (null: any time) for {@code server} (null:
     * all); {@code done} completes with the number of exchanges deleted, once they are and the space is compacted.
     */
    void clear(Instant before, String server, CompletableFuture<Long> done) {
        jobs.add(new Clear(before, server, done));
    }

    boolean pending() {
        return !jobs.isEmpty();
    }

    /**
     * One step of the oldest job; a job that fails is dropped (the next check starts afresh). After an Error the
     * job stays, for {@link #abandon} to fail what it was asked for.
     */
    void step() throws CaptureStoreException {
        Job job = jobs.peek();
        if (job == null) {
            return;
        }
        boolean finished;
        try {
            finished = job.step();
        } catch (CaptureStoreException | RuntimeException e) {
            jobs.remove(job);
            throw e;
        }
        if (finished) {
            jobs.remove(job);
        }
    }

    /** Fails what was asked for and not finished; called when the recorder stops. */
    void abandon() {
        jobs.forEach(Job::abandon);
        jobs.clear();
    }

    /** Age first, then size, then compaction if enough went. */
    private final class BoundsCheck implements Job {
        private final Instant cutoff;
        private boolean agedOut;
        private long deleted;
        /** How many exchanges are stored, counted once the size turns out to be exceeded; -1 until then. */
        private long stored = -1;
        private Compaction compaction;

        BoundsCheck(Instant cutoff) {
            this.cutoff = cutoff;
        }

        @Override
        public boolean step() throws CaptureStoreException {
            if (compaction != null) {
                return compaction.step();
            }
            if (!agedOut) {
                TrafficStore.Deletion chunk = deletionChunk.time(() -> store.delete(cutoff, null,
                        deletionChunk.size()));
                deleted += chunk.exchanges();
                agedOut = !chunk.more();
                return false;
            }
            if (store.usedBytes() > maxBytes) {
                if (stored < 0) {
                    stored = store.exchangeCount();
                }
                // At most a tenth of what is stored at a time, so that the size is checked again before much
                // more than the excess is gone.
                int count = (int) Math.max(1, Math.min(deletionChunk.size(), stored / 10));
                long chunk = deletionChunk.time(() -> store.deleteOldest(count));
                deleted += chunk;
                stored -= chunk;
                if (chunk > 0) {
                    return false;
                }
            }
            if (deleted > 0) {
                LOG.info("capture retention deleted {} exchange(s) (keeping {} days, at most {} MiB)", deleted,
                        maxAge.toDays(), maxBytes / (1024 * 1024));
            }
            if (deleted < LARGE_DELETION) {
                return true;
            }
            compaction = new Compaction();
            return false;
        }
    }

    private final class Clear implements Job {
        private final Instant before;
        private final String server;
        private final CompletableFuture<Long> done;
        private long deleted;
        private Compaction compaction;

        Clear(Instant before, String server, CompletableFuture<Long> done) {
            this.before = before;
            this.server = server;
            this.done = done;
        }

        @Override
        public boolean step() throws CaptureStoreException {
            try {
                if (compaction == null) {
                    TrafficStore.Deletion chunk = deletionChunk.time(() -> store.delete(before, server,
                            deletionChunk.size()));
                    deleted += chunk.exchanges();
                    if (!chunk.more()) {
                        compaction = new Compaction();
                    }
                    return false;
                }
                if (compaction.step()) {
                    done.complete(deleted);
                    return true;
                }
                return false;
            } catch (CaptureStoreException | RuntimeException e) {
                done.completeExceptionally(e);
                throw e;
            }
        }

        @Override
        public void abandon() {
            done.completeExceptionally(new IllegalStateException("the capture has stopped"));
        }
    }

    private final class Compaction implements Job {
        @Override
        public boolean step() throws CaptureStoreException {
            return !compactionPages.time(() -> store.compact(compactionPages.size()));
        }
    }

    /**
     * How much one step takes on: doubled after a quick step, halved after a slow one, so that a step takes
     * about {@link #TARGET_NANOS} whether rows are tiny or hold large bodies.
     */
    static final class ChunkSize {
        static final long TARGET_NANOS = 20_000_000;

        private final int min;
        private final int max;
        private int size;

        ChunkSize(int initial, int min, int max) {
            this.size = initial;
            this.min = min;
            this.max = max;
        }

        int size() {
            return size;
        }

        @FunctionalInterface
        interface Work<T> {
            T run() throws CaptureStoreException;
        }

        <T> T time(Work<T> work) throws CaptureStoreException {
            long began = System.nanoTime();
            T result = work.run();
            long took = System.nanoTime() - began;
            if (took > 2 * TARGET_NANOS) {
                size = Math.max(min, size / 2);
            } else if (took < TARGET_NANOS / 2) {
                size = Math.min(max, size * 2);
            }
            return result;
        }
    }
}
