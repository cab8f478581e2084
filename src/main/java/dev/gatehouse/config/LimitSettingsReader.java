package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;

/** Reads the {@code [limits]} table; every key is optional and range-checked. */
final class LimitSettingsReader {

    static final List<String> KEYS = List.of("requests_per_second", "request_burst", "tool_calls_per_second",
            "tool_call_burst", "max_streams_per_session", "max_pending_per_session", "max_string_bytes",
            "max_header_bytes", "max_upstream_line_bytes", "max_task_result_seconds");

    private static final int MAX_RATE = 1_000_000;
    /** A week: a wait longer than that is a client that forgot its request. */
    private static final long MAX_TASK_RESULT_SECONDS = 7 * 24 * 3600;

    private LimitSettingsReader() {
    }

    static LimitSettings read(TableReader table) {
        table.rejectUnknownKeys("in [limits]", KEYS);
        LimitSettings d = LimitSettings.DEFAULTS;
        return new LimitSettings(
                (int) table.integer("requests_per_second", 1, MAX_RATE, d.requestsPerSecond()),
                (int) table.integer("request_burst", 1, MAX_RATE, d.requestBurst()),
                (int) table.integer("tool_calls_per_second", 1, MAX_RATE, d.toolCallsPerSecond()),
                (int) table.integer("tool_call_burst", 1, MAX_RATE, d.toolCallBurst()),
                (int) table.integer("max_streams_per_session", 1, 10_000, d.maxStreamsPerSession()),
                (int) table.integer("max_pending_per_session", 1, 100_000, d.maxPendingPerSession()),
                (int) table.integer("max_string_bytes", 1024, Integer.MAX_VALUE, d.maxStringBytes()),
                (int) table.integer("max_header_bytes", 1024, 1024 * 1024, d.maxHeaderBytes()),
                (int) table.integer("max_upstream_line_bytes", 1024, Integer.MAX_VALUE, d.maxUpstreamLineBytes()),
                Duration.ofSeconds(table.integer("max_task_result_seconds", 1, MAX_TASK_RESULT_SECONDS,
                        d.maxTaskResultWait().toSeconds())));
    }
}
