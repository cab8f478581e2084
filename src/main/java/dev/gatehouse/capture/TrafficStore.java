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

    /** What one chunk of a deletion removed: how many exchanges, and whether a table still holds more to go. */
    record Deletion(long exchanges, boolean more) {
    }

    /**
     * Deletes up to {@code limit} rows of each kind recorded before {@code before} (null: whatever the time) for
     * {@code server} (null: every server, and then also ended sessions), oldest first, in one transaction. Large
     * deletions are made of many such chunks so that recording goes on between them.
     */
    Deletion delete(Instant before, String server, int limit) throws CaptureStoreException;

    /**
     * Deletes the oldest {@code count} exchanges and up to as many of everything else recorded before the newest
     * of them, in one transaction; returns how many exchanges went.
     */
    long deleteOldest(int count) throws CaptureStoreException;

    long exchangeCount();

    /**
     * Whether recording could go on now, asked while it has failed: a tiny write commits, and at least
     * {@code roomBytes} are free for records, both in the file system and under the store's own size limit.
     * Throws, saying why, when not.
     */
    void probe(long roomBytes) throws CaptureStoreException;

    /** Bytes the records occupy, not counting free pages awaiting compaction. */
    long usedBytes();

    /**
     * Returns up to {@code pages} free pages to the file system, in a step short enough to run between batches;
     * says whether free pages are left. A store that cannot give space back in steps gives none (and says so).
     */
    boolean compact(int pages) throws CaptureStoreException;

    @Override
    void close();
}
