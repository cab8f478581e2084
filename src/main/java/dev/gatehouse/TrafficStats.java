package dev.gatehouse;

import java.time.Instant;
import java.util.List;

/** Calls, errors and latency percentiles per server and tool since a time, busiest first. */
public record TrafficStats(Instant since, List<Row> rows) {

    public TrafficStats {
        rows = List.copyOf(rows);
    }

    /** {@code target} is null for the row that sums a whole server; percentiles are in microseconds. */
    public record Row(String server, String target, long calls, long errors, long p50Micros, long p99Micros) {
    }
}
