package dev.gatehouse.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The read queries of {@link TrafficHistory}, in SQL that SQLite and PostgreSQL both run. */
final class HistoryQueries {

    private HistoryQueries() {
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    static List<TrafficHistory.Session> sessions(Connection connection, Instant since, int limit)
            throws SQLException {
        return list(connection, "SELECT id, client_name, client_version, protocol_version, era, transport, endpoint,"
                + " started_at, ended_at FROM sessions", "started_at", null, since, "started_at", limit,
                rows -> new TrafficHistory.Session(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                        TrafficQueries.instant(rows.getLong(8)), nullableInstant(rows, 9)));
    }

    static List<TrafficHistory.Notification> notifications(Connection connection, String server, Instant since,
                                                           int limit) throws SQLException {
        return list(connection, "SELECT id, session_id, server, direction, method, at, bytes, body, truncated"
                + " FROM notifications", "at", server, since, "id", limit,
                rows -> new TrafficHistory.Notification(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), TrafficQueries.instant(rows.getLong(6)),
                        rows.getLong(7), rows.getString(8), rows.getInt(9) != 0));
    }

    static List<TrafficHistory.UpstreamEvent> upstreamEvents(Connection connection, String server, Instant since,
                                                             int limit) throws SQLException {
        return list(connection, "SELECT id, server, event, at, exit_code, restarts, detail FROM upstream_events",
                "at", server, since, "id", limit,
                rows -> {
                    int exit = rows.getInt(5);
                    Integer exitCode = rows.wasNull() ? null : exit;
                    return new TrafficHistory.UpstreamEvent(rows.getLong(1), rows.getString(2), rows.getString(3),
                            TrafficQueries.instant(rows.getLong(4)), exitCode, rows.getInt(6), rows.getString(7));
                });
    }

    private static <T> List<T> list(Connection connection, String select, String timeColumn, String server,
                                     Instant since, String order, int limit, RowReader<T> reader) throws SQLException {
        StringBuilder sql = new StringBuilder(select).append(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (server != null) {
            sql.append(" AND server = ?");
            parameters.add(server);
        }
        if (since != null) {
            sql.append(" AND ").append(timeColumn).append(" >= ?");
            parameters.add(TrafficQueries.micros(since));
        }
        sql.append(" ORDER BY ").append(order).append(" DESC LIMIT ?");
        parameters.add(limit);
        List<T> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(reader.read(rows));
                }
            }
        }
        return found;
    }

    private static Instant nullableInstant(ResultSet rows, int column) throws SQLException {
        long micros = rows.getLong(column);
        return rows.wasNull() ? null : TrafficQueries.instant(micros);
    }
}
