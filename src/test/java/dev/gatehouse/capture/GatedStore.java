package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.TrafficStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Failure injection around a real store: appends can be held (to fill the queue) or refused with the message
 * SQLite gives for a read-only database. Everything else goes to the real store.
 */
public final class GatedStore implements TrafficStore {

    private final TrafficStore real;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile boolean readOnly;
    private volatile boolean holding;

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
        if (readOnly) {
            throw new CaptureStoreException("recording failed: the database is read-only", null);
        }
        return real.append(rows, recordedAt);
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
    public long delete(Instant before, String server) throws CaptureStoreException {
        return real.delete(before, server);
    }

    @Override
    public long deleteOldest(long count) throws CaptureStoreException {
        return real.deleteOldest(count);
    }

    @Override
    public long exchangeCount() {
        return real.exchangeCount();
    }

    @Override
    public long usedBytes() {
        return real.usedBytes();
    }

    @Override
    public void compact() throws CaptureStoreException {
        real.compact();
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
