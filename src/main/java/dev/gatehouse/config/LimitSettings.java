package dev.gatehouse.config;

import java.time.Duration;

/**
 * The {@code [limits]} table: rates and caps on what one client may ask of the gateway. Defaults are generous
 * for one person's agents and still bound every table and buffer. Rates are token buckets: {@code *_per_second}
 * refills, {@code *_burst} is the bucket size. The tool bucket is per session and tool, so one runaway agent
 * hammering a tool slows only itself. {@code maxTaskResultWait} bounds how long a legacy {@code tasks/result}, which
 * the server holds until its task ends, waits without a sign of the task's life (within the task's own ttl).
 */
public record LimitSettings(int requestsPerSecond, int requestBurst, int toolCallsPerSecond, int toolCallBurst,
                            int maxStreamsPerSession, int maxPendingPerSession, int maxStringBytes,
                            int maxHeaderBytes, int maxUpstreamLineBytes, Duration maxTaskResultWait) {

    public static final Duration DEFAULT_TASK_RESULT_WAIT = Duration.ofHours(1);

    public static final LimitSettings DEFAULTS = new LimitSettings(50, 200, 20, 60, 16, 128, 4 * 1024 * 1024,
            16 * 1024, 16 * 1024 * 1024);

    public LimitSettings {
        if (requestsPerSecond < 1 || requestBurst < 1 || toolCallsPerSecond < 1 || toolCallBurst < 1
                || maxStreamsPerSession < 1 || maxPendingPerSession < 1 || maxStringBytes < 1
                || maxHeaderBytes < 1024 || maxUpstreamLineBytes < 1024 || maxTaskResultWait == null
                || maxTaskResultWait.isNegative() || maxTaskResultWait.isZero()) {
            throw new IllegalArgumentException("limits must be positive (headers and lines at least 1024 bytes)");
        }
    }

    /** The limits with the default wait for a task's result. */
    public LimitSettings(int requestsPerSecond, int requestBurst, int toolCallsPerSecond, int toolCallBurst,
                         int maxStreamsPerSession, int maxPendingPerSession, int maxStringBytes,
                         int maxHeaderBytes, int maxUpstreamLineBytes) {
        this(requestsPerSecond, requestBurst, toolCallsPerSecond, toolCallBurst, maxStreamsPerSession,
                maxPendingPerSession, maxStringBytes, maxHeaderBytes, maxUpstreamLineBytes, DEFAULT_TASK_RESULT_WAIT);
    }
}
