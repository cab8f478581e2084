package dev.gatehouse.bench;

import java.util.Locale;

/**
 * One measured cell: a target at one payload size and concurrency. Latencies are in nanoseconds; {@code calls}
 * counts successful calls in the measured window, {@code errors} failed ones.
 */
record RunResult(String target, int size, int concurrency, long calls, long errors, double seconds,
                 long p50Nanos, long p99Nanos, long maxNanos, double meanNanos, String firstError) {

    double callsPerSecond() {
        return seconds <= 0 ? 0 : calls / seconds;
    }

    /** One JSON object on one line; {@link ResultTable} reads these back. */
    String toJson() {
        return String.format(Locale.ROOT,
                "{\"target\":%s,\"size\":%d,\"concurrency\":%d,\"calls\":%d,\"errors\":%d,\"seconds\":%.3f,"
                        + "\"p50Ms\":%.4f,\"p99Ms\":%.4f,\"maxMs\":%.4f,\"meanMs\":%.4f,\"callsPerSecond\":%.1f%s}",
                JsonText.quote(target), size, concurrency, calls, errors, seconds, p50Nanos / 1e6, p99Nanos / 1e6,
                maxNanos / 1e6, meanNanos / 1e6, callsPerSecond(),
                firstError == null ? "" : ",\"firstError\":" + JsonText.quote(firstError));
    }

    /** A human-readable line for a single run. */
    String summary() {
        return String.format(Locale.ROOT,
                "%s size=%d concurrency=%d: p50 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f calls/s (%d calls, %d errors in %.2f s)",
                target, size, concurrency, p50Nanos / 1e6, p99Nanos / 1e6, maxNanos / 1e6, callsPerSecond(), calls,
                errors, seconds);
    }
}
