package dev.gatehouse.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletions in chunks of at most {@code limit} rows per table, oldest first, so that retention and {@code logs
 * clear} hold the writer (and the database's write lock) for a bounded time however much they remove; the
 * recorder commits its batches between chunks. Portable SQL; the unary {@code +} before a time column keeps
 * SQLite from choosing the time index, whose order is not the id order a chunk must follow to stop early. Not
 * thread-safe: the writer's only, inside its open transaction.
 */
final class TrafficDeletes {

    private final Connection connection;

    TrafficDeletes(Connection connection) {
        this.connection = connection;
    }

    /**
     * Deletes up to {@code limit} of the oldest exchanges (with their bodies), notifications and server events
     * recorded before {@code beforeMicros} (null: any time) for {@code server} (null: all, and then ended
     * sessions too).
     */
    TrafficStore.Deletion delete(Long beforeMicros, String server, int limit) throws SQLException {
        List<Object> exchangeValues = new ArrayList<>();
        String exchangeWhere = where("started_at", beforeMicros, server, exchangeValues);
        String chosen = " IN (SELECT id FROM exchanges" + exchangeWhere + " ORDER BY id LIMIT " + limit + ")";
        run("DELETE FROM exchange_bodies WHERE exchange_id" + chosen, exchangeValues);
        long exchanges = run("DELETE FROM exchanges WHERE id" + chosen, exchangeValues);
        boolean more = exchanges >= limit;
        for (String table : List.of("notifications", "upstream_events")) {
            List<Object> values = new ArrayList<>();
            String atWhere = where("at", beforeMicros, server, values);
            more |= run("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + atWhere
                    + " ORDER BY id LIMIT " + limit + ")", values) >= limit;
        }
        if (server == null) {
            List<Object> values = new ArrayList<>();
            String ended = beforeMicros == null ? "" : " WHERE +started_at < ? AND ended_at IS NOT NULL";
            if (beforeMicros != null) {
                values.add(beforeMicros);
            }
            more |= run("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions" + ended + " LIMIT " + limit
                    + ")", values) >= limit;
        }
        return new TrafficStore.Deletion(exchanges, more);
    }

    /**
     * Deletes the {@code count} oldest exchanges, and up to as many notifications, events and ended sessions
     * older than the newest of them; returns how many exchanges went.
     */
    long deleteOldest(int count) throws SQLException {
        long boundary;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT MAX(id) FROM (SELECT id FROM exchanges ORDER BY id LIMIT ?) oldest")) {
            statement.setInt(1, count);
            try (ResultSet result = statement.executeQuery()) {
                boundary = result.next() ? result.getLong(1) : 0;
            }
        }
        if (boundary == 0) {
            return 0;
        }
        long cutoff = SqliteTrafficStore.single(connection,
                "SELECT MAX(started_at) FROM exchanges WHERE id <= " + boundary);
        run("DELETE FROM exchange_bodies WHERE exchange_id <= " + boundary, List.of());
        long deleted = run("DELETE FROM exchanges WHERE id <= " + boundary, List.of());
        for (String table : List.of("notifications", "upstream_events")) {
            run("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE +at <= " + cutoff
                    + " ORDER BY id LIMIT " + count + ")", List.of());
        }
        run("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE ended_at IS NOT NULL AND ended_at <= "
                + cutoff + " LIMIT " + count + ")", List.of());
        return deleted;
    }

    private static String where(String timeColumn, Long beforeMicros, String server, List<Object> values) {
        List<String> conditions = new ArrayList<>();
        if (beforeMicros != null) {
            conditions.add("+" + timeColumn + " < ?");
            values.add(beforeMicros);
        }
        if (server != null) {
            conditions.add("server = ?");
            values.add(server);
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Runs a deletion with {@code values} bound to its parameters in order; returns the rows deleted. */
    private long run(String sql, List<Object> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement.executeUpdate();
        }
    }
}
