package dev.gatehouse.admin.api;

/**
 * The traffic capture at a glance. {@code state} is {@code recording}; {@code failed} when the store refused a
 * write ({@code reason} says why, e.g. a full disk or a read-only file; traffic flows on unrecorded and recording
 * is retried every {@code retrySeconds}); {@code stopped} while the gateway shuts down; or {@code off} when no
 * capture was opened ({@code reason} says why). {@code dropped} counts records refused because the queue was full
 * or recording had failed, {@code lost} those queued but not written. {@code storedBytes} is what the records
 * occupy, beside the retention bounds {@code maxBytes} and {@code maxAgeDays}. {@code lastCommit} is ISO-8601,
 * null before the first batch; {@code followers} counts the open {@code /api/traffic/follow} streams. The counters
 * are 0 when the capture is off.
 */
public record CaptureStatus(String state, String reason, long recorded, long dropped, long lost, int queued,
                            int queueCapacity, String lastCommit, long storedBytes, long maxBytes, long maxAgeDays,
                            long retrySeconds, int followers) {

    public static CaptureStatus off(String reason) {
        return new CaptureStatus("off", reason, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0);
    }
}
