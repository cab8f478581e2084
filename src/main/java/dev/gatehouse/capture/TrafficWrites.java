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
