package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.TrafficStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Failure injection around a real store: appends can be held (to fill the queue), refused with the message
 * SQLite gives for a read-only database, or made to throw an Error. It notes when each append, deletion chunk and
 * compaction step ended, so tests can see how long the writer went without committing. Everything else goes to
 * the real store.
 */
public final class GatedStore implements TrafficStore {

    private final TrafficStore real;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile boolean readOnly;
    private volatile boolean holding;
    private volatile Error error;
    private final List<Long> appended = new CopyOnWriteArrayList<>();
    private final List<Long> maintained = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    public GatedStore(TrafficStore real) {
        this.real = real;
    }

    void hold() {
        hold = new CountDownLatch(1);
    }

    /** Whether an append is waiting for {@link #release}: the writer has stopped draining the queue. */
    boolean holding() {
        return holding;
    }

    void release() {
        hold.countDown();
    }

    public void readOnly(boolean refuse) {
        readOnly = refuse;
    }

    /** The next appends throw {@code thrown}, as a writer out of heap would. */
    void failWith(Error thrown) {
        error = thrown;
    }

    /** {@link System#nanoTime} at the end of each append that committed. */
    List<Long> appendTimes() {
        return appended;
    }

    /** How many times the recorder probed the store. */
    int probes() {
        return probes.get();
    }

    /** {@link System#nanoTime} at the end of each deletion chunk and compaction step. */
    List<Long> maintenanceTimes() {
        return maintained;
    }

    @Override
    public long append(List<TrafficRow> rows, long recordedAt) throws CaptureStoreException {
        holding = hold.getCount() > 0;
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding = false;
        }
        if (error != null) {
            throw error;
        }
        if (readOnly) {
            throw new CaptureStoreException("recording failed: the database is read-only", null);
        }
        long last = real.append(rows, recordedAt);
        appended.add(System.nanoTime());
        return last;
    }

    @Override
    public long lastExchangeId() {
        return real.lastExchangeId();
    }

    @Override
    public List<ExchangeDetail> details(TrafficQuery query) {
        return real.details(query);
    }

    @Override
    public Deletion delete(Instant before, String server, int limit) throws CaptureStoreException {
        Deletion deleted = real.delete(before, server, limit);
        maintained.add(System.nanoTime());
        return deleted;
    }

    @Override
    public long deleteOldest(int count) throws CaptureStoreException {
        long deleted = real.deleteOldest(count);
        maintained.add(System.nanoTime());
        return deleted;
    }

    @Override
    public long exchangeCount() {
        return real.exchangeCount();
    }

    @Override
    public void probe(long roomBytes) throws CaptureStoreException {
        probes.incrementAndGet();
        if (readOnly) {
            throw new CaptureStoreException("recording failed: the database is read-only", null);
        }
        real.probe(roomBytes);
    }

    @Override
    public long usedBytes() {
        return real.usedBytes();
    }

    @Override
    public boolean compact(int pages) throws CaptureStoreException {
        boolean left = real.compact(pages);
        maintained.add(System.nanoTime());
        return left;
    }

    @Override
    public List<Session> sessions(Instant since, int limit) {
        return real.sessions(since, limit);
    }

    @Override
    public List<Notification> notifications(String server, Instant since, int limit) {
        return real.notifications(server, since, limit);
    }

    @Override
    public List<UpstreamEvent> upstreamEvents(String server, Instant since, int limit) {
        return real.upstreamEvents(server, since, limit);
    }

    @Override
    public List<ExchangeSummary> search(TrafficQuery query) {
        return real.search(query);
    }

    @Override
    public Optional<ExchangeDetail> exchange(long id) {
        return real.exchange(id);
    }

    @Override
    public TrafficStats stats(Instant since, String server) {
        return real.stats(since, server);
    }

    @Override
    public void close() {
        release();
        real.close();
    }
}
