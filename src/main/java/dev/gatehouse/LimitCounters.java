package dev.gatehouse;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each bound was hit since the gateway started (DESIGN invariant 9: every bound has a counter). One
 * instance per gateway, shared by the rooms that enforce the bounds; metrics read {@link #snapshot}. Counting is
 * a {@link LongAdder} increment: safe on any thread, never blocking, never throwing.
 */
public final class LimitCounters {

    /** Every bound the gateway enforces on what clients and servers send it. */
    public enum Limit {
        SESSIONS("sessions"),
        STREAMS_PER_SESSION("streams_per_session"),
        PENDING_PER_SESSION("pending_per_session"),
        SESSION_RATE("session_rate"),
        TOOL_RATE("tool_rate"),
        BODY_BYTES("body_bytes"),
        JSON_DEPTH("json_depth"),
        STRING_LENGTH("string_length"),
        HEADER_BYTES("header_bytes"),
        UPSTREAM_LINE_BYTES("upstream_line_bytes"),
        UPSTREAM_NOTIFICATIONS("upstream_notifications");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        /** A stable name for metrics and status output. */
        public String label() {
            return label;
        }
    }

    private final Map<Limit, LongAdder> counts = new EnumMap<>(Limit.class);

    public LimitCounters() {
        for (Limit limit : Limit.values()) {
            counts.put(limit, new LongAdder());
        }
    }

    public void hit(Limit limit) {
        counts.get(limit).increment();
    }

    public long count(Limit limit) {
        return counts.get(limit).sum();
    }

    /** Every counter, in declaration order. */
    public Map<Limit, Long> snapshot() {
        Map<Limit, Long> snapshot = new EnumMap<>(Limit.class);
        counts.forEach((limit, adder) -> snapshot.put(limit, adder.sum()));
        return snapshot;
    }
}
