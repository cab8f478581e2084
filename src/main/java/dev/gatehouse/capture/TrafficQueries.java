package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.TrafficStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read queries of the capture, in SQL that SQLite and PostgreSQL both run. The one difference, case-insensitive
 * matching for grep, is the {@code likeOperator} ({@code LIKE} is case-insensitive for ASCII in SQLite; PostgreSQL
 * needs {@code ILIKE}). Each filter maps to an index ending in {@code id}, so newest-first pages stop early.
 */
final class TrafficQueries {

    private static final String COLUMNS = "e.id, e.session_id, e.server, e.direction, e.method, e.rpc_id, e.target, "
            + "e.started_at, e.duration_us, e.request_bytes, e.response_bytes, e.outcome, e.error_code, "
            + "e.error_message, e.http_status, e.capture";
    private static final String BODY_COLUMNS = ", b.request_headers, b.request_body, b.response_headers, "
            + "b.response_body, b.truncated";

    private static final long CLOCK_SLACK_MICROS = 5 * 60 * 1_000_000L;

    private final String likeOperator;

    TrafficQueries(String likeOperator) {
        this.likeOperator = likeOperator;
    }

    List<ExchangeSummary> search(Connection connection, TrafficQuery query) throws SQLException {
        return list(connection, query, false, TrafficQueries::summary);
    }

    List<ExchangeDetail> details(Connection connection, TrafficQuery query) throws SQLException {
        return list(connection, query, true, TrafficQueries::detail);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> list(Connection connection, TrafficQuery query, boolean withBodies, RowReader<T> reader)
            throws SQLException {
        List<T> found = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, query, withBodies);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(reader.read(rows));
            }
        }
        return found;
    }

    Optional<ExchangeDetail> exchange(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + BODY_COLUMNS
                + " FROM exchanges e LEFT JOIN exchange_bodies b ON b.exchange_id = e.id WHERE e.id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(detail(rows)) : Optional.empty();
            }
        }
    }

    /**
     * Streams the window's durations through one histogram per server and per (server, target), so memory stays
     * bounded whatever the number of calls. Percentiles are within 1.6% of the recorded durations.
     */
    TrafficStats stats(Connection connection, Instant since, String server) throws SQLException {
        Map<List<String>, Group> groups = new HashMap<>();
        String sql = "SELECT server, target, outcome, duration_us FROM exchanges WHERE started_at >= ? AND id >= ?"
                + (server == null ? "" : " AND server = ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, micros(since));
            statement.setLong(2, firstIdRecordedSince(connection, micros(since)));
            if (server != null) {
                statement.setString(3, server);
            }
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String rowServer = rows.getString(1);
                    String target = rows.getString(2);
                    boolean error = !rows.getString(3).equals("ok");
                    long duration = rows.getLong(4);
                    groups.computeIfAbsent(java.util.Arrays.asList(rowServer, null), k -> new Group())
                            .add(duration, error);
                    if (target != null) {
                        groups.computeIfAbsent(List.of(rowServer, target), k -> new Group()).add(duration, error);
                    }
                }
            }
        }
        List<TrafficStats.Row> result = new ArrayList<>();
        groups.forEach((key, group) -> result.add(new TrafficStats.Row(key.get(0), key.get(1), group.calls,
                group.errors, group.latency.percentile(50), group.latency.percentile(99))));
        result.sort(java.util.Comparator.comparing(TrafficStats.Row::server)
                .thenComparing(row -> row.target() != null)
                .thenComparing(java.util.Comparator.comparingLong(TrafficStats.Row::calls).reversed())
                .thenComparing(row -> row.target() == null ? "" : row.target()));
        return new TrafficStats(since, result);
    }

    private static final class Group {
        final LatencyHistogram latency = new LatencyHistogram();
        long calls;
        long errors;

        void add(long micros, boolean error) {
            calls++;
            errors += error ? 1 : 0;
            latency.record(micros);
        }
    }

    private PreparedStatement prepare(Connection connection, TrafficQuery query, boolean withBodies)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS);
        if (withBodies) {
            sql.append(BODY_COLUMNS);
        }
        sql.append(" FROM exchanges e");
        if (withBodies) {
            sql.append(" LEFT JOIN exchange_bodies b ON b.exchange_id = e.id");
        }
        sql.append(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        String tool = query.tool();
        String toolServer = null;
        if (tool != null && tool.contains("__")) {
            toolServer = tool.substring(0, tool.indexOf("__"));
            tool = tool.substring(tool.indexOf("__") + 2);
        }
        condition(sql, parameters, "e.server = ?", query.server());
        condition(sql, parameters, "e.server = ?", toolServer);
        condition(sql, parameters, "e.method = ?", query.method());
        condition(sql, parameters, "e.target = ?", tool);
        condition(sql, parameters, "e.session_id = ?", SessionHandles.normalize(query.session()));
        Long since = query.since() == null ? null : micros(query.since());
        condition(sql, parameters, "e.started_at >= ?", since);
        condition(sql, parameters, "e.id >= ?", since == null ? null : firstIdRecordedSince(connection, since));
        condition(sql, parameters, "e.id > ?", query.afterId());
        condition(sql, parameters, "e.id < ?", query.beforeId());
        if (query.errorsOnly()) {
            sql.append(" AND e.outcome IN ('error', 'tool_error')");
        }
        if (query.grep() != null) {
            String like = " " + likeOperator + " ? ESCAPE '\\'";
            sql.append(" AND (e.method").append(like).append(" OR e.target").append(like)
                    .append(" OR e.error_message").append(like)
                    .append(" OR EXISTS (SELECT 1 FROM exchange_bodies g WHERE g.exchange_id = e.id AND (")
                    .append("g.request_body").append(like).append(" OR g.response_body").append(like).append(")))");
            String pattern = "%" + query.grep().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            for (int i = 0; i < 5; i++) {
                parameters.add(pattern);
            }
        }
        sql.append(query.afterId() == null ? " ORDER BY e.id DESC" : " ORDER BY e.id ASC").append(" LIMIT ?");
        parameters.add(query.limit());
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /**
     * A lower bound on the ids of exchanges that started at or after {@code sinceMicros}, found by a binary search
     * over the primary key: an exchange is recorded after it starts, and ids rise with the time of recording, so
     * none of them precedes the first exchange recorded since then. The bound lets a newest-first scan stop at the
     * window's edge instead of checking the time of every older row (the time filter itself stays exact). The
     * search starts a few minutes early, so that a wall clock stepped back meanwhile cannot push rows out.
     */
    static long firstIdRecordedSince(Connection connection, long sinceMicros) throws SQLException {
        long target = sinceMicros - CLOCK_SLACK_MICROS;
        // The smallest v such that the first stored id at or above v was recorded since target (or none is
        // stored there); that holds at v and every value above it, and fails just below.
        long low = 0;
        long high = SqliteTrafficStore.single(connection, "SELECT MAX(id) FROM exchanges") + 1;
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT recorded_at FROM exchanges WHERE id >= ? ORDER BY id LIMIT 1")) {
            while (low < high) {
                long middle = low + (high - low) / 2;
                next.setLong(1, middle);
                boolean recordedSince;
                try (ResultSet row = next.executeQuery()) {
                    recordedSince = !row.next() || row.getLong(1) >= target;
                }
                if (recordedSince) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
        }
        return low;
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            parameters.add(value);
        }
    }

    private static ExchangeSummary summary(ResultSet rows) throws SQLException {
        return new ExchangeSummary(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), instant(rows.getLong(8)), rows.getLong(9),
                rows.getLong(10), rows.getLong(11), rows.getString(12), nullableInt(rows, 13), rows.getString(14),
                nullableInt(rows, 15), rows.getString(16));
    }

    private static ExchangeDetail detail(ResultSet rows) throws SQLException {
        return new ExchangeDetail(summary(rows), rows.getString(17), rows.getString(18), rows.getString(19),
                rows.getString(20), rows.getInt(21) != 0);
    }

    private static Integer nullableInt(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
