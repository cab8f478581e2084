package dev.gatehouse.capture;

import dev.gatehouse.protocol.JsonRpcCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records traffic without slowing it: {@link #offer} puts an event on a queue bounded by count and by weight
 * ({@link WeighedQueue}) and returns (a full queue drops the event and counts it); one writer thread drains the
 * queue often, preparing rows (serialising and redacting) on its own time, and commits everything prepared in one
 * transaction per batch. Because every batch takes everything queued, the store always holds a prefix of what was
 * offered: an exchange answered before a batch began is in that batch or an earlier one. A failing store stops
 * recording with a reason in {@link #state}; events are refused for a pause, then taken again, and the reason stays
 * until a batch is written or a {@link StoreProbe probe}, every few seconds while recording has failed, finds
 * room and a tiny write accepted (so the state never says {@code recording} while the store still refuses, and
 * says it again soon after space comes back, traffic or not). A {@link #clear}, which may have made room, ends the
 * pause at once. Retention, {@link #clear} and compaction run on the writer thread in short steps between drains,
 * so they never hold the queue up for long. An {@link Error} on the writer (running out of heap above all) stops the capture for good, with its reason in
 * {@link #state}, and lets go of everything queued: traffic flows on unrecorded.
 */
public final class TrafficRecorder implements CaptureSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficRecorder.class);
    /** How often the writer takes what was queued: fewer, larger transactions, a delay a reader hardly notices. */
    private static final long BATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How often the writer turns what was queued into rows, so that the messages it holds die young. */
    private static final long PREPARE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Duration DROP_WARNING_INTERVAL = Duration.ofMinutes(1);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final TrafficStore store;
    private final RowPreparer preparer;
    private final RecorderOptions options;
    private final InstantSource clock;
    private final Retention retention;
    private final StoreProbe probe;
    private final WeighedQueue queue;
    private final ConcurrentLinkedQueue<Runnable> chores = new ConcurrentLinkedQueue<>();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong committedExchangeId;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private final Thread writer;
    /** The writer's own: events drained and rows prepared, with what the rows weigh. */
    private final List<WeighedQueue.Entry> drained = new ArrayList<>();
    private final List<TrafficRow> rows = new ArrayList<>();
    private long rowBytes;
    /** Why the last write failed; cleared by the next write that succeeds. */
    private volatile String failure;
    /** Events are refused until {@code retryAt}, after a failed write, and for good once halted. */
    private volatile boolean paused;
    /** Set when an Error stopped the writer: no retry follows. */
    private volatile boolean halted;
    private volatile Instant lastCommit;
    private volatile boolean stopping;
    private Instant retryAt;
    private Instant nextRetention;
    private long droppedWhenWarned;
    private Instant lastDropWarning = Instant.MIN;

    public TrafficRecorder(TrafficStore store, Redactor redactor, JsonRpcCodec codec, RecorderOptions options,
                           InstantSource clock) {
        this.store = store;
        this.preparer = new RowPreparer(redactor, codec, options.maxBodyBytes());
        this.options = options;
        this.clock = clock;
        this.retention = new Retention(store, options.maxAge(), options.maxBytes());
        this.probe = new StoreProbe(store, clock);
        this.queue = new WeighedQueue(options.queueCapacity(), options.queueBytes());
        this.committedExchangeId = new AtomicLong(store.lastExchangeId());
        this.nextRetention = clock.instant();
        this.writer = Thread.ofPlatform().daemon().name("gatehouse-capture-writer").unstarted(this::run);
        writer.start();
    }

    @Override
    public boolean offer(TrafficEvent event) {
        if (paused || stopping || !queue.offer(event)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** What was recorded can be read here (and nothing else of the store). */
    public dev.gatehouse.TrafficLog log() {
        return store;
    }

    /** Sessions, notifications and lifecycle events as recorded. */
    public TrafficHistory history() {
        return store;
    }

    TrafficStore store() {
        return store;
    }

    public CaptureState state() {
        String status = stopping ? "stopped" : failure != null ? "failed" : "recording";
        return new CaptureState(status, failure, recorded.get(), dropped.sum(), lost.get(), queue.size(),
                queue.capacity(), lastCommit);
    }

    /** The bounds it was started with, for {@code status}. */
    public RecorderOptions options() {
        return options;
    }

    /** What the queued events and the prepared, uncommitted rows weigh, in bytes (at most about the budget). */
    public long queuedBytes() {
        return queue.heldBytes();
    }

    /** Bytes the records occupy now, for {@code status} beside the configured maximum. */
    public long storedBytes() {
        return store.usedBytes();
    }

    /** The id of the newest exchange stored. */
    public long lastExchangeId() {
        return committedExchangeId.get();
    }

    /**
     * Waits until an exchange newer than {@code exchangeId} is stored or {@code wait} passes; returns the newest
     * stored id either way. Followers call this in a loop.
     */
    public long awaitExchangesAfter(long exchangeId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        commitLock.lock();
        try {
            while (committedExchangeId.get() <= exchangeId && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                committed.awaitNanos(left);
            }
            return committedExchangeId.get();
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * Deletes what was recorded before {@code before} (null: any time) for {@code server} (null: all), then
     * compacts; completes with the number of exchanges deleted, once done on the writer thread, in steps between
     * batches.
     */
    public CompletableFuture<Long> clear(Instant before, String server) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        // Deleting may have made the room a full store lacked: recording is tried again at once rather than after
        // the pause, before the caller learns the clear is done (so what it sends next is recorded).
        CompletableFuture<Long> cleared = new CompletableFuture<>();
        cleared.whenComplete((deleted, failed) -> {
            if (failed != null) {
                done.completeExceptionally(failed);
                return;
            }
            if (!halted) {
                paused = false;
            }
            done.complete(deleted);
        });
        chores.add(() -> retention.clear(before, server, cleared));
        if (stopping || halted) {
            done.completeExceptionally(new IllegalStateException("the capture has stopped"));
        }
        return done;
    }

    /**
     * Prepares what was queued every {@link #PREPARE_INTERVAL_NANOS} and commits it at most once every
     * {@link #BATCH_INTERVAL_NANOS}, sleeping in between rather than waiting on the queue: a writer blocked in
     * {@code poll} would be woken by every single offer, costing the request path a thread wake-up and the machine
     * a transaction per exchange whenever traffic is light enough for the writer to keep up. Preparing often,
     * committing seldom: a queued event holds the request's and the answer's JSON trees (dozens of small objects
     * each), and a tree held for a whole batch outlives several young collections, which copy it and then promote
     * it into the old generation; a prepared row is a few compact strings, so the trees die young. Both intervals
     * are timed sleeps, so an offer stays a plain enqueue that wakes no thread.
     */
    private void run() {
        try {
            record();
        } catch (Error e) {
            halt(e);
        }
    }

    private void record() {
        long committedAt = System.nanoTime();
        while (true) {
            long preparedAt = System.nanoTime();
            // Prepared rows wait for at most one batch interval, one queue's worth of rows and half the queue's
            // byte budget: a commit comes early rather than letting them grow past the bounds the queue sets.
            boolean commit = stopping || preparedAt - committedAt >= BATCH_INTERVAL_NANOS
                    || rows.size() >= options.queueCapacity() || rowBytes >= queue.budget() / 2;
            if (commit) {
                committedAt = preparedAt;
                runChores();
                maintain();
            }
            // The batch time is taken before the last drain: everything offered before it is in this batch.
            long batchMicros = TrafficQueries.micros(clock.instant());
            queue.drainTo(drained);
            prepare();
            if (commit) {
                if (!rows.isEmpty()) {
                    write(batchMicros);
                } else if (stopping) {
                    break;
                }
            }
            if (retention.pending() && !stopping) {
                retentionStep();
            }
            long rest = PREPARE_INTERVAL_NANOS - (System.nanoTime() - preparedAt);
            if (rest > 0 && !stopping) {
                LockSupport.parkNanos(this, rest);
            }
        }
        runChores();
        retention.abandon();
    }

    /**
     * After an Error the writer lets go of everything it and the queue hold (which, when the heap ran out, is what
     * frees it), refuses further events and stops. Nothing here may need much memory before the lists are cleared.
     */
    private void halt(Error error) {
        halted = true;
        paused = true; // refuses offers at once, so the queue stops filling
        failure = "the capture writer failed";
        long abandoned = drained.size() + rows.size() + queue.abandon();
        drained.clear();
        rows.clear();
        rowBytes = 0;
        lost.addAndGet(abandoned);
        failure = "the capture writer failed (" + error.getClass().getSimpleName()
                + "); traffic flows unrecorded until the gateway restarts";
        runChores();
        retention.abandon();
        LOG.error("traffic capture stopped: {}; {} record(s) abandoned", failure, abandoned, error);
    }

    /** One bounded step of retention, compaction or clearing; a failure is logged and the next check retries. */
    private void retentionStep() {
        try {
            retention.step();
        } catch (CaptureStoreException | RuntimeException e) {
            LOG.warn("capture retention failed: {}", e.getMessage());
        }
    }

    /** Serialises and redacts what was drained into rows, on the writer thread, moving its weight to theirs. */
    private void prepare() {
        for (WeighedQueue.Entry entry : drained) {
            long rowWeight = 0;
            try {
                TrafficRow row = preparer.prepare(entry.event());
                rows.add(row);
                rowWeight = EventWeight.of(row);
            } catch (RuntimeException e) {
                // One unpreparable event must not cost the batch; its content is not logged, as it may be secret.
                lost.incrementAndGet();
                LOG.warn("capture could not prepare a {} record ({})", entry.event().getClass().getSimpleName(),
                        e.getClass().getSimpleName());
            }
            queue.exchange(entry.weight(), rowWeight);
            rowBytes += rowWeight;
        }
        drained.clear();
    }

    /** Commits the prepared rows; an Error passes through with the rows still held, for {@link #halt} to count. */
    private void write(long batchMicros) {
        if (paused) {
            lost.addAndGet(rows.size());
        } else {
            try {
                long last = store.append(rows, batchMicros);
                recorded.addAndGet(rows.size());
                lastCommit = clock.instant();
                if (failure != null) {
                    LOG.info("traffic capture is recording again");
                    failure = null;
                }
                signalCommitted(last);
            } catch (CaptureStoreException e) {
                lost.addAndGet(rows.size());
                failure = e.getMessage();
                paused = true;
                retryAt = clock.instant().plus(options.retryAfter());
                probe.refused(rowBytes);
                LOG.error("traffic capture stopped: {}; traffic keeps flowing unrecorded; checking for room every {} s,"
                        + " retrying in {} s at the latest", e.getMessage(), StoreProbe.INTERVAL.toSeconds(),
                        options.retryAfter().toSeconds(), e);
            }
        }
        rows.clear();
        queue.release(rowBytes);
        rowBytes = 0;
    }

    private void signalCommitted(long last) {
        commitLock.lock();
        try {
            committedExchangeId.set(last);
            committed.signalAll();
        } finally {
            commitLock.unlock();
        }
    }

    /** Retention on schedule, retrying after a failure, and a warning (at most once a minute) about drops. */
    private void maintain() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRetention)) {
            nextRetention = now.plus(options.retentionInterval());
            retention.schedule(now);
        }
        if (failure != null && !halted && probe.recovered()) {
            LOG.info("traffic capture is recording again: the store has room and accepts writes");
            failure = null;
            paused = false;
        }
        if (paused && !halted && !now.isBefore(retryAt)) {
            LOG.info("traffic capture retrying after: {}", failure);
            paused = false;
        }
        long droppedNow = dropped.sum();
        if (droppedNow > droppedWhenWarned && now.isAfter(lastDropWarning.plus(DROP_WARNING_INTERVAL))) {
            LOG.warn("traffic capture dropped {} record(s) so far: its queue ({} records, {} MiB) was full or "
                    + "recording had stopped", droppedNow, options.queueCapacity(), options.queueBytes() >> 20);
            droppedWhenWarned = droppedNow;
            lastDropWarning = now;
        }
    }

    private void runChores() {
        Runnable chore;
        while ((chore = chores.poll()) != null) {
            chore.run();
        }
    }

    /** Stops taking events, writes what is queued (waiting at most a few seconds), and closes the store. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(writer);
        commitLock.lock();
        try {
            committed.signalAll();
        } finally {
            commitLock.unlock();
        }
        try {
            writer.join(CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("the capture writer did not finish within {} s; unwritten records are lost",
                    CLOSE_GRACE.toSeconds());
            writer.interrupt();
        } else {
            store.close();
        }
    }
}
