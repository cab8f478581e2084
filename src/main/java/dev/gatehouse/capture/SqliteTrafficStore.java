package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.TrafficStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * The capture in one SQLite file: WAL, so readers never wait for the writer; {@code synchronous=NORMAL}, so a
 * commit is durable against a crash of the gateway (not of the machine) without an fsync per batch; incremental
 * auto-vacuum, so space freed by retention can be given back without rewriting the file; and a hard page limit
 * at {@code hardLimitBytes}, so the file cannot outgrow its bound even when retention lags. The schema comes from
 * the Flyway migrations in {@code db/traffic}. The writer connection belongs to the recorder's thread.
 */
public final class SqliteTrafficStore implements TrafficStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteTrafficStore.class);
    private static final int READ_CONNECTIONS = 4;
    private static final int INCREMENTAL_VACUUM = 2;
    /**
     * The write-ahead log is cut back to this size whenever a checkpoint has emptied it: a large deletion or
     * compaction writes many pages through it, which would otherwise stay on disk as a large, empty log.
     */
    private static final long WAL_SIZE_LIMIT = 32L * 1024 * 1024;

    private final Path file;
    private final Connection writer;
    private final ReadConnections readers;
    private final TrafficQueries queries = new TrafficQueries("LIKE");
    private final TrafficWrites writes;
    private final TrafficDeletes deletes;
    private final boolean incremental;

    private SqliteTrafficStore(Path file, Connection writer, ReadConnections readers) throws SQLException {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        // Read before TrafficWrites, whose constructor commits, so no read transaction stays open on the writer.
        this.incremental = single(writer, "PRAGMA auto_vacuum") == INCREMENTAL_VACUUM;
        this.writes = new TrafficWrites(writer);
        this.deletes = new TrafficDeletes(writer);
        if (!incremental) {
            LOG.warn("traffic.db was created without incremental auto-vacuum: space freed by retention is reused "
                    + "for new records but the file does not shrink");
        }
    }

    /**
     * Opens (creating and migrating if needed) the database at {@code file}, which the caller has made 0600.
     * {@code hardLimitBytes} of 0 means no limit.
     */
    public static SqliteTrafficStore open(Path file, long hardLimitBytes) throws CaptureStoreException {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection writer = null;
        try {
            writer = DriverManager.getConnection(url);
            try (Statement statement = writer.createStatement()) {
                // auto_vacuum only takes effect before the first table exists, so it precedes everything else.
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA busy_timeout = 5000");
                statement.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
            }
            migrate(url);
            if (hardLimitBytes > 0) {
                limitPages(writer, hardLimitBytes);
            }
            writer.setAutoCommit(false);
            return new SqliteTrafficStore(file, writer, new ReadConnections(url, READ_CONNECTIONS));
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new CaptureStoreException("cannot open the traffic capture: " + SqliteErrors.describe(e), e);
        } catch (RuntimeException e) {
            // Flyway reports a failed or refused migration unchecked; the store is unusable either way.
            closeQuietly(writer);
            throw new CaptureStoreException("cannot prepare the traffic capture's schema", e);
        }
    }

    private static void migrate(String url) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl(url);
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/traffic")
                .placeholders(Map.of("id_type", "INTEGER"))
                .load()
                .migrate();
    }

    private static void limitPages(Connection writer, long hardLimitBytes) throws SQLException {
        try (Statement statement = writer.createStatement();
             ResultSet size = statement.executeQuery("PRAGMA page_size")) {
            size.next();
            long pages = Math.max(16, hardLimitBytes / size.getLong(1));
            statement.execute("PRAGMA max_page_count = " + pages);
        }
    }

    @Override
    public long append(List<TrafficRow> rows, long recordedAt) throws CaptureStoreException {
        try {
            long last = writes.append(rows, recordedAt);
            writer.commit();
            return last;
        } catch (SQLException e) {
            rollback();
            writes.forgetUncommitted();
            throw new CaptureStoreException("recording failed: " + SqliteErrors.describe(e), e);
        }
    }

    @Override
    public long lastExchangeId() {
        return writes.lastExchangeId();
    }

    @Override
    public Deletion delete(Instant before, String server, int limit) throws CaptureStoreException {
        try {
            Deletion deleted = deletes.delete(before == null ? null : TrafficQueries.micros(before), server, limit);
            writer.commit();
            return deleted;
        } catch (SQLException e) {
            throw deletionFailed(e);
        }
    }

    @Override
    public long deleteOldest(int count) throws CaptureStoreException {
        try {
            long deleted = deletes.deleteOldest(count);
            writer.commit();
            return deleted;
        } catch (SQLException e) {
            throw deletionFailed(e);
        }
    }

    @Override
    public long exchangeCount() {
        return readers.read(connection -> single(connection, "SELECT COUNT(*) FROM exchanges"));
    }

    /**
     * The room is what the page limit leaves (free pages count: records reuse them) and what the file system has;
     * the write sets the database's {@code user_version} to the value it has, which SQLite still writes out, so a
     * read-only file or log fails it as a batch would.
     */
    @Override
    public void probe(long roomBytes) throws CaptureStoreException {
        try {
            long pageSize = single(writer, "PRAGMA page_size");
            long room = (single(writer, "PRAGMA max_page_count") - single(writer, "PRAGMA page_count")
                    + single(writer, "PRAGMA freelist_count")) * pageSize;
            if (room < roomBytes || Files.getFileStore(file).getUsableSpace() < roomBytes) {
                writer.rollback();
                throw new CaptureStoreException("recording failed: " + SqliteErrors.NO_ROOM, null);
            }
            long version = single(writer, "PRAGMA user_version");
            try (Statement statement = writer.createStatement()) {
                statement.execute("PRAGMA user_version = " + version);
            }
            writer.commit();
        } catch (SQLException e) {
            rollback();
            throw new CaptureStoreException("recording failed: " + SqliteErrors.describe(e), e);
        } catch (IOException e) {
            rollback();
            throw new CaptureStoreException("recording failed: the database's file system cannot be examined", e);
        }
    }

    @Override
    public long usedBytes() {
        return readers.read(connection -> {
            long pages = single(connection, "PRAGMA page_count");
            long free = single(connection, "PRAGMA freelist_count");
            return (pages - free) * single(connection, "PRAGMA page_size");
        });
    }

    /**
     * One step of incremental vacuum: up to {@code pages} free pages are moved to the end of the file and cut off,
     * in one transaction. The pragma frees one page per step of its statement and the driver steps a statement
     * once per execution (its rows have no columns, so they cannot be read as a result set), hence one execution
     * per page. A passive checkpoint follows the last step: it never waits for a reader, and the log is cut back
     * to {@link #WAL_SIZE_LIMIT} at its next reset. A database without incremental auto-vacuum is left as it is:
     * its only way to shrink, a full VACUUM, rewrites the whole file while holding the writer.
     */
    @Override
    public boolean compact(int pages) throws CaptureStoreException {
        if (!incremental) {
            return false;
        }
        try {
            long free = single(writer, "PRAGMA freelist_count");
            long step = Math.min(free, pages);
            // Closed before the commit, which SQLite refuses while a statement is still in progress.
            try (PreparedStatement vacuum = writer.prepareStatement("PRAGMA incremental_vacuum(1)")) {
                for (long i = 0; i < step; i++) {
                    vacuum.execute();
                }
            }
            writer.commit();
            if (free > step) {
                return true;
            }
            writer.setAutoCommit(true);
            try (Statement statement = writer.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } finally {
                writer.setAutoCommit(false);
            }
            return false;
        } catch (SQLException e) {
            rollback();
            throw new CaptureStoreException("compacting the traffic capture failed: " + SqliteErrors.describe(e), e);
        }
    }

    @Override
    public List<ExchangeSummary> search(TrafficQuery query) {
        return readers.read(connection -> queries.search(connection, query));
    }

    @Override
    public List<ExchangeDetail> details(TrafficQuery query) {
        return readers.read(connection -> queries.details(connection, query));
    }

    @Override
    public Optional<ExchangeDetail> exchange(long id) {
        return readers.read(connection -> queries.exchange(connection, id));
    }

    @Override
    public TrafficStats stats(Instant since, String server) {
        return readers.read(connection -> queries.stats(connection, since, server));
    }

    @Override
    public List<Session> sessions(Instant since, int limit) {
        return readers.read(connection -> HistoryQueries.sessions(connection, since, limit));
    }

    @Override
    public List<Notification> notifications(String server, Instant since, int limit) {
        return readers.read(connection -> HistoryQueries.notifications(connection, server, since, limit));
    }

    @Override
    public List<UpstreamEvent> upstreamEvents(String server, Instant since, int limit) {
        return readers.read(connection -> HistoryQueries.upstreamEvents(connection, server, since, limit));
    }

    private CaptureStoreException deletionFailed(SQLException e) {
        rollback();
        return new CaptureStoreException("deleting from the traffic capture failed: " + SqliteErrors.describe(e), e);
    }

    /**
     * Ends the failed transaction. SQLite may already have rolled it back itself (it does on a full disk), in which
     * case the driver's rollback fails and autocommit is cycled instead, so the next batch begins a fresh one.
     */
    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            try {
                try {
                    writer.setAutoCommit(true);
                } catch (SQLException noTransaction) {
                    // The driver switched to autocommit before its COMMIT found nothing to commit; that is the aim.
                }
                writer.setAutoCommit(false);
            } catch (SQLException again) {
                LOG.warn("resetting the capture's transaction failed: {}", SqliteErrors.describe(again));
            }
        }
    }

    static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        readers.close();
        writes.close();
        closeQuietly(writer);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the traffic capture failed: {}", SqliteErrors.describe(e));
        }
    }
}
