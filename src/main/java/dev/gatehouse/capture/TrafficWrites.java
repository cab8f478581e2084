package dev.gatehouse.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The writer's statements, prepared once and reused for every batch, in plain JDBC and portable SQL. Ids are
 * assigned here, in commit order, from the largest stored id: the one writer needs no sequence, and exchange ids
 * rise with the time they were recorded, which follow and retention rely on. Not thread-safe: the writer's only.
 */
final class TrafficWrites implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement insertSession;
    private final PreparedStatement endSession;
    private final PreparedStatement insertExchange;
    private final PreparedStatement insertBodies;
    private final PreparedStatement insertNotification;
    private final PreparedStatement insertEvent;
    private long exchangeId;
    private long notificationId;
    private long eventId;
    private long committedExchangeId;
    private long committedNotificationId;
    private long committedEventId;

    TrafficWrites(Connection connection) throws SQLException {
        this.connection = connection;
        insertSession = connection.prepareStatement("INSERT INTO sessions (id, client_name, client_version, "
                + "protocol_version, era, transport, endpoint, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        endSession = connection.prepareStatement("UPDATE sessions SET ended_at = ? WHERE id = ?");
        insertExchange = connection.prepareStatement("INSERT INTO exchanges (id, session_id, server, direction, "
                + "method, rpc_id, target, started_at, duration_us, request_bytes, response_bytes, outcome, "
                + "error_code, error_message, http_status, capture, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertBodies = connection.prepareStatement("INSERT INTO exchange_bodies (exchange_id, request_headers, "
                + "request_body, response_headers, response_body, truncated) VALUES (?, ?, ?, ?, ?, ?)");
        insertNotification = connection.prepareStatement("INSERT INTO notifications (id, session_id, server, "
                + "direction, method, at, bytes, body, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertEvent = connection.prepareStatement("INSERT INTO upstream_events (id, server, event, at, exit_code, "
                + "restarts, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");
        committedExchangeId = exchangeId = SqliteTrafficStore.single(connection, "SELECT MAX(id) FROM exchanges");
        committedNotificationId = notificationId =
                SqliteTrafficStore.single(connection, "SELECT MAX(id) FROM notifications");
        committedEventId = eventId = SqliteTrafficStore.single(connection, "SELECT MAX(id) FROM upstream_events");
        connection.commit();
    }

    long lastExchangeId() {
        return committedExchangeId;
    }

    /** Adds the rows to the open transaction; the caller commits, or rolls back and calls forgetUncommitted. */
    long append(List<TrafficRow> rows, long recordedAt) throws SQLException {
        boolean sessions = false;
        boolean ends = false;
        boolean exchanges = false;
        boolean bodies = false;
        boolean notifications = false;
        boolean events = false;
        for (TrafficRow row : rows) {
            switch (row) {
                case TrafficRow.Session s -> {
                    set(insertSession, s.id(), s.clientName(), s.clientVersion(), s.protocolVersion(), s.era(),
                            s.transport(), s.endpoint(), s.startedAt());
                    sessions = true;
                }
                case TrafficRow.SessionEnd s -> {
                    set(endSession, s.endedAt(), s.id());
                    ends = true;
                }
                case TrafficRow.Exchange e -> {
                    long id = ++exchangeId;
                    set(insertExchange, id, e.session(), e.server(), e.direction(), e.method(), e.rpcId(),
                            e.target(), e.startedAt(), e.durationMicros(), e.requestBytes(), e.responseBytes(),
                            e.outcome(), e.errorCode(), e.errorMessage(), e.httpStatus(), e.capture(), recordedAt);
                    exchanges = true;
                    if (e.bodies() != null) {
                        TrafficRow.Bodies b = e.bodies();
                        set(insertBodies, id, b.requestHeaders(), b.requestBody(), b.responseHeaders(),
                                b.responseBody(), b.truncated() ? 1 : 0);
                        bodies = true;
                    }
                }
                case TrafficRow.Notification n -> {
                    set(insertNotification, ++notificationId, n.session(), n.server(), n.direction(), n.method(),
                            n.at(), n.bytes(), n.body(), n.truncated() ? 1 : 0);
                    notifications = true;
                }
                case TrafficRow.Lifecycle l -> {
                    set(insertEvent, ++eventId, l.server(), l.event(), l.at(), l.exitCode(), l.restarts(),
                            l.detail());
                    events = true;
                }
            }
        }
        // Sessions first, so an end in the same batch finds its start; exchanges before their bodies.
        execute(sessions, insertSession);
        execute(ends, endSession);
        execute(exchanges, insertExchange);
        execute(bodies, insertBodies);
        execute(notifications, insertNotification);
        execute(events, insertEvent);
        committedExchangeId = exchangeId;
        committedNotificationId = notificationId;
        committedEventId = eventId;
        return exchangeId;
    }

    /** After a rollback: the ids handed out in the failed batch are free again. */
    void forgetUncommitted() {
        exchangeId = committedExchangeId;
        notificationId = committedNotificationId;
        eventId = committedEventId;
        for (PreparedStatement statement : List.of(insertSession, endSession, insertExchange, insertBodies,
                insertNotification, insertEvent)) {
            try {
                statement.clearBatch();
            } catch (SQLException e) {
                // A statement that cannot even clear its batch will fail the next batch too, which reports it.
            }
        }
    }

    /** Deletes before {@code beforeMicros} (null: any time) for {@code server} (null: all, sessions too). */
    long delete(Long beforeMicros, String server) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (beforeMicros != null) {
            where.append(" AND started_at < ").append(beforeMicros);
        }
        String serverClause = server == null ? "" : " AND server = ?";
        run("DELETE FROM exchange_bodies WHERE exchange_id IN (SELECT id FROM exchanges" + where + serverClause
                + ")", server);
        long exchanges = run("DELETE FROM exchanges" + where + serverClause, server);
        String atWhere = beforeMicros == null ? " WHERE 1 = 1" : " WHERE at < " + beforeMicros;
        run("DELETE FROM notifications" + atWhere + serverClause, server);
        run("DELETE FROM upstream_events" + atWhere + serverClause, server);
        if (server == null) {
            run("DELETE FROM sessions" + (beforeMicros == null ? ""
                    : " WHERE started_at < " + beforeMicros + " AND ended_at IS NOT NULL"), null);
        }
        return exchanges;
    }

    /** Deletes the {@code count} oldest exchanges, and notifications, events and ended sessions older than them. */
    long deleteOldest(long count) throws SQLException {
        long boundary;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, started_at FROM exchanges ORDER BY id LIMIT 1 OFFSET ?")) {
            statement.setLong(1, Math.max(0, count - 1));
            try (var result = statement.executeQuery()) {
                if (!result.next()) {
                    return delete(null, null);
                }
                boundary = result.getLong(1);
            }
        }
        long cutoff = SqliteTrafficStore.single(connection,
                "SELECT MAX(started_at) FROM exchanges WHERE id <= " + boundary);
        run("DELETE FROM exchange_bodies WHERE exchange_id <= " + boundary, null);
        long deleted = run("DELETE FROM exchanges WHERE id <= " + boundary, null);
        run("DELETE FROM notifications WHERE at <= " + cutoff, null);
        run("DELETE FROM upstream_events WHERE at <= " + cutoff, null);
        run("DELETE FROM sessions WHERE ended_at IS NOT NULL AND ended_at <= " + cutoff, null);
        return deleted;
    }

    private long run(String sql, String server) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (server != null) {
                statement.setString(1, server);
            }
            return statement.executeUpdate();
        }
    }

    private static void set(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        statement.addBatch();
    }

    private static void execute(boolean any, PreparedStatement statement) throws SQLException {
        if (any) {
            statement.executeBatch();
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : List.of(insertSession, endSession, insertExchange, insertBodies,
                insertNotification, insertEvent)) {
            try {
                statement.close();
            } catch (SQLException e) {
                // Closing at shutdown; the connection's close follows and releases it regardless.
            }
        }
    }
}
