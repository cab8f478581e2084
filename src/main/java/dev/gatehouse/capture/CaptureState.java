package dev.gatehouse.capture;

import java.time.Instant;

/**
 * How the capture is doing, for {@code status} and metrics. {@code status} is {@code recording}, {@code failed}
 * (the store refused a write; {@code reason} says why, traffic flows on unrecorded, and retries follow until a
 * write succeeds again; or the writer hit an Error, which the reason names, and no retry follows), or
 * {@code stopped}. {@code dropped} counts events refused because the queue was full (by count or by bytes) or
 * recording had paused; {@code lost} those that were queued but could not be written. {@code lastCommit} is null
 * until the first batch is stored.
 */
public record CaptureState(String status, String reason, long recorded, long dropped, long lost, int queued,
                           int queueCapacity, Instant lastCommit) {
}
