package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.capture.TrafficEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Servers' lifecycle as the capture records it. A server's own state changes (start, ready, crash, restart after a
 * crash, sign-in needed) are recorded as they come. When the gateway itself retires a connection, replacing it
 * ({@code gatehouse server restart}, a failed health check, a config change) or stopping it (idle), that is
 * recorded once, as a {@code restart} or {@code stop} with the reason: the old connection's stop and the new
 * one's first start are the same happening and are not recorded again. Restart counts carry over from a retired
 * connection to the next, so a server's count only grows while the gateway runs.
 *
 * <p>Called on upstreams' threads and the registry's; quick, and never blocks (it only offers to the sink).
 */
final class LifecycleTap {

    private final CaptureSink sink;
    private final Predicate<String> recorded;
    private final InstantSource clock;
    /** A retired or replacing connection, and the one state change of it already told by a retirement. */
    private final Map<Upstream, State> told = new ConcurrentHashMap<>();
    /** Restarts of a server's earlier connections, added to its current connection's own count. */
    private final Map<String, Integer> carried = new ConcurrentHashMap<>();

    /** {@code recorded} says whether a server's traffic is captured at all. */
    LifecycleTap(CaptureSink sink, Predicate<String> recorded, InstantSource clock) {
        this.sink = sink;
        this.recorded = recorded;
        this.clock = clock;
    }

    void statusChanged(Upstream from, UpstreamStatus status) {
        if (!sink.enabled()) {
            return;
        }
        // Every connection's next state change clears its entry, so the map holds retiring connections only.
        State alreadyTold = told.remove(from);
        if (alreadyTold == status.state() || !recorded.test(from.name())) {
            return;
        }
        int earlier = carried.getOrDefault(from.name(), 0);
        sink.offer(new TrafficEvent.Lifecycle(from.name(), earlier == 0 ? status
                : new UpstreamStatus(status.state(), status.lastError(), status.restarts() + earlier, status.since())));
    }

    /**
     * The gateway retires {@code old} for {@code why}; {@code fresh} is the connection that replaces it and starts
     * now, or null when none starts now (a lazy server starts on next use). Called before either is touched.
     */
    void retiring(Upstream old, Upstream fresh, String why) {
        if (!sink.enabled()) {
            return;
        }
        UpstreamStatus last = old.status();
        boolean running = last.state() != State.STOPPED && last.state() != State.DISABLED;
        boolean restarted = running && fresh != null;
        int restarts = carried.merge(old.name(), last.restarts() + (restarted ? 1 : 0), Integer::sum);
        // A connection that was not running stops without a word: nothing changes for the user.
        told.put(old, State.STOPPED);
        if (!running || !recorded.test(old.name())) {
            return;
        }
        if (fresh != null) {
            told.put(fresh, State.STARTING);
        }
        Instant now = clock.instant();
        sink.offer(new TrafficEvent.Replaced(old.name(), restarted, why, restarts,
                now.getEpochSecond() * 1_000_000L + now.getNano() / 1000));
    }
}
