package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import java.time.Instant;
import java.util.List;

/**
 * Where the capture is kept: SQLite in the user's home ({@link SqliteTrafficStore}); PostgreSQL for a team
 * deployment later, with the same migrations and queries. The write methods are called by one thread only, the
 * recorder's writer; the read methods from any thread, each on a connection of its own.
 */
public interface TrafficStore extends TrafficLog, TrafficHistory, AutoCloseable {

    /**
     * Writes the rows in one transaction, stamping exchanges with {@code recordedAt}; returns the id of the last
     * exchange now stored (unchanged if the batch had none). Either every row is written or none is.
     */
    long append(List<TrafficRow> rows, long recordedAt) throws CaptureStoreException;

    /** The id of the newest stored exchange, 0 when there is none. */
    long lastExchangeId();

    /** Matching exchanges with their bodies, oldest first after {@code query.afterId()}: export pages. */
    List<ExchangeDetail> details(TrafficQuery query);

    /**
     * Deletes what was recorded before {@code before} (null: whatever the time) for {@code server} (null: every
     * server, and then also sessions); returns how many exchanges went.
     */
    long delete(Instant before, String server) throws CaptureStoreException;

    /** Deletes the oldest {@code count} exchanges and everything else recorded before the newest of them. */
    long deleteOldest(long count) throws CaptureStoreException;

    long exchangeCount();

    /** Bytes the records occupy, not counting free pages awaiting compaction. */
    long usedBytes();

    /** Returns free pages to the file system after large deletions. */
    void compact() throws CaptureStoreException;

    @Override
    void close();
}
