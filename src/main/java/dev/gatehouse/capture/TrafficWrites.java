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
                    text(insertSession, 1, s.id());
                    text(insertSession, 2, s.clientName());
                    text(insertSession, 3, s.clientVersion());
                    text(insertSession, 4, s.protocolVersion());
                    text(insertSession, 5, s.era());
                    text(insertSession, 6, s.transport());
                    text(insertSession, 7, s.endpoint());
                    insertSession.setLong(8, s.startedAt());
                    insertSession.addBatch();
                    sessions = true;
                }
                case TrafficRow.SessionEnd s -> {
                    endSession.setLong(1, s.endedAt());
                    text(endSession, 2, s.id());
                    endSession.addBatch();
                    ends = true;
                }
                case TrafficRow.Exchange e -> {
                    long id = ++exchangeId;
                    exchange(id, e, recordedAt);
                    exchanges = true;
                    if (e.bodies() != null) {
                        bodies(id, e.bodies());
                        bodies = true;
                    }
                }
                case TrafficRow.Notification n -> {
                    insertNotification.setLong(1, ++notificationId);
                    text(insertNotification, 2, n.session());
                    text(insertNotification, 3, n.server());
                    text(insertNotification, 4, n.direction());
                    text(insertNotification, 5, n.method());
                    insertNotification.setLong(6, n.at());
                    insertNotification.setLong(7, n.bytes());
                    text(insertNotification, 8, n.body());
                    insertNotification.setInt(9, n.truncated() ? 1 : 0);
                    insertNotification.addBatch();
                    notifications = true;
                }
                case TrafficRow.Lifecycle l -> {
                    insertEvent.setLong(1, ++eventId);
                    text(insertEvent, 2, l.server());
                    text(insertEvent, 3, l.event());
                    insertEvent.setLong(4, l.at());
                    integer(insertEvent, 5, l.exitCode());
                    insertEvent.setInt(6, l.restarts());
                    text(insertEvent, 7, l.detail());
                    insertEvent.addBatch();
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

    /**
     * Binds by type, one column at a time: the writer binds some twenty values per exchange, and a generic
     * setObject over a varargs array boxed every number and looked up every value's type again.
     */
    private void exchange(long id, TrafficRow.Exchange e, long recordedAt) throws SQLException {
        PreparedStatement s = insertExchange;
        s.setLong(1, id);
        text(s, 2, e.session());
        text(s, 3, e.server());
        text(s, 4, e.direction());
        text(s, 5, e.method());
        text(s, 6, e.rpcId());
        text(s, 7, e.target());
        s.setLong(8, e.startedAt());
        s.setLong(9, e.durationMicros());
        s.setLong(10, e.requestBytes());
        s.setLong(11, e.responseBytes());
        text(s, 12, e.outcome());
        integer(s, 13, e.errorCode());
        text(s, 14, e.errorMessage());
        integer(s, 15, e.httpStatus());
        text(s, 16, e.capture());
        s.setLong(17, recordedAt);
        s.addBatch();
    }

    private void bodies(long id, TrafficRow.Bodies b) throws SQLException {
        PreparedStatement s = insertBodies;
        s.setLong(1, id);
        text(s, 2, b.requestHeaders());
        text(s, 3, b.requestBody());
        text(s, 4, b.responseHeaders());
        text(s, 5, b.responseBody());
        s.setInt(6, b.truncated() ? 1 : 0);
        s.addBatch();
    }

    private static void text(PreparedStatement statement, int column, String value) throws SQLException {
        if (value == null) {
            statement.setNull(column, Types.VARCHAR);
        } else {
            statement.setString(column, value);
        }
    }

    private static void integer(PreparedStatement statement, int column, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(column, Types.INTEGER);
        } else {
            statement.setInt(column, value);
        }
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
