package dev.gatehouse.capture;

import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code gatehouse logs --follow}: streams exchanges matching the filters as they are stored, oldest first. It
 * sleeps on the recorder's commit signal rather than polling the database, and calls the sink with an empty list
 * after {@code heartbeat} of silence so that a caller streaming to a client can notice the client has gone.
 */
public final class TrafficFollower {

    private static final int PAGE = 500;

    private final TrafficRecorder recorder;
    private final Duration heartbeat;

    public TrafficFollower(TrafficRecorder recorder, Duration heartbeat) {
        this.recorder = recorder;
        this.heartbeat = heartbeat;
    }

    /**
     * Follows from after exchange {@code afterId} (null: from now) until {@code sink} returns false, the thread is
     * interrupted, or the capture stops. Blocks the calling (virtual) thread.
     */
    public void follow(TrafficQuery filters, Long afterId, Predicate<List<ExchangeSummary>> sink)
            throws InterruptedException {
        long seen = afterId == null ? recorder.lastExchangeId() : afterId;
        while (!recorder.state().status().equals("stopped")) {
            long newest = recorder.awaitExchangesAfter(seen, heartbeat);
            if (newest <= seen) {
                if (!sink.test(List.of())) {
                    return;
                }
                continue;
            }
            List<ExchangeSummary> page;
            do {
                page = recorder.log().search(filters.withAfterId(seen).withLimit(PAGE));
                if (!page.isEmpty()) {
                    seen = page.getLast().id();
                    if (!sink.test(page)) {
                        return;
                    }
                }
            } while (page.size() == PAGE);
            // Everything up to newest was stored before the search began, so none of it can still appear.
            seen = Math.max(seen, newest);
        }
    }
}
