package dev.gatehouse.config;

/**
 * The {@code [limits]} table: rates and caps on what one client may ask of the gateway. Defaults are generous
 * for one person's agents and still bound every table and buffer. Rates are token buckets: {@code *_per_second}
 * refills, {@code *_burst} is the bucket size. The tool bucket is per session and tool, so one runaway agent
 * hammering a tool slows only itself.
 */
public record LimitSettings(int requestsPerSecond, int requestBurst, int toolCallsPerSecond, int toolCallBurst,
                            int maxStreamsPerSession, int maxPendingPerSession, int maxStringBytes,
                            int maxHeaderBytes, int maxUpstreamLineBytes) {

    public static final LimitSettings DEFAULTS = new LimitSettings(50, 200, 20, 60, 16, 128, 4 * 1024 * 1024,
            16 * 1024, 16 * 1024 * 1024);

    public LimitSettings {
        if (requestsPerSecond < 1 || requestBurst < 1 || toolCallsPerSecond < 1 || toolCallBurst < 1
                || maxStreamsPerSession < 1 || maxPendingPerSession < 1 || maxStringBytes < 1
                || maxHeaderBytes < 1024 || maxUpstreamLineBytes < 1024) {
            throw new IllegalArgumentException("limits must be positive (headers and lines at least 1024 bytes)");
        }
    }
}
