package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.TrafficStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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

    private final Connection writer;
    private final ReadConnections readers;
    private final TrafficQueries queries = new TrafficQueries("LIKE");
    private final TrafficWrites writes;

    private SqliteTrafficStore(Connection writer, ReadConnections readers) throws SQLException {
        this.writer = writer;
        this.readers = readers;
        this.writes = new TrafficWrites(writer);
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
            }
            migrate(url);
            if (hardLimitBytes > 0) {
                limitPages(writer, hardLimitBytes);
            }
            writer.setAutoCommit(false);
            return new SqliteTrafficStore(writer, new ReadConnections(url, READ_CONNECTIONS));
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
    public long delete(Instant before, String server) throws CaptureStoreException {
        return inTransaction(() -> writes.delete(before == null ? null : TrafficQueries.micros(before), server));
    }

    @Override
    public long deleteOldest(long count) throws CaptureStoreException {
        return inTransaction(() -> writes.deleteOldest(count));
    }

    @Override
    public long exchangeCount() {
        return readers.read(connection -> single(connection, "SELECT COUNT(*) FROM exchanges"));
    }

    @Override
    public long usedBytes() {
        return readers.read(connection -> {
            long pages = single(connection, "PRAGMA page_count");
            long free = single(connection, "PRAGMA freelist_count");
            return (pages - free) * single(connection, "PRAGMA page_size");
        });
    }

    @Override
    public void compact() throws CaptureStoreException {
        try (Statement statement = writer.createStatement()) {
            writer.commit();
            writer.setAutoCommit(true);
            try {
                long mode = single(writer, "PRAGMA auto_vacuum");
                // A database created before incremental auto-vacuum was set can only shrink by a full VACUUM.
                statement.execute(mode == 2 ? "PRAGMA incremental_vacuum" : "VACUUM");
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } finally {
                writer.setAutoCommit(false);
            }
        } catch (SQLException e) {
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

    @FunctionalInterface
    private interface Change {
        long run() throws SQLException;
    }

    private long inTransaction(Change change) throws CaptureStoreException {
        try {
            long result = change.run();
            writer.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new CaptureStoreException("deleting from the traffic capture failed: "
                    + SqliteErrors.describe(e), e);
        }
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
