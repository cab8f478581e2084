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
import java.util.function.ToIntFunction;

/**
 * Servers' lifecycle as the capture records it. A server's own state changes (start, ready, crash, restart after a
 * crash, sign-in needed) are recorded as they come. When the gateway itself retires a running connection,
 * replacing it ({@code gatehouse server restart}, a failed health check, a config change) or stopping it (idle),
 * that is recorded once, as a {@code restart} or {@code stop} with the reason: the old connection's stop and the
 * new one's first start are the same happening and are not recorded again. Restart counts include the server's
 * earlier connections ({@link UpstreamRegistry#earlierRestarts}), as {@code gatehouse server list} shows them.
 *
 * <p>Called on upstreams' threads and the registry's; quick, and never blocks (it only offers to the sink).
 */
final class LifecycleTap {

    private final CaptureSink sink;
    private final Predicate<String> recorded;
    private final ToIntFunction<String> earlierRestarts;
    private final InstantSource clock;
    /** A retired or replacing connection, and the one state change of it already told by a retirement. */
    private final Map<Upstream, State> told = new ConcurrentHashMap<>();

    /** {@code recorded} says whether a server's traffic is captured at all. */
    LifecycleTap(CaptureSink sink, Predicate<String> recorded, ToIntFunction<String> earlierRestarts,
                 InstantSource clock) {
        this.sink = sink;
        this.recorded = recorded;
        this.earlierRestarts = earlierRestarts;
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
        int earlier = earlierRestarts.applyAsInt(from.name());
        sink.offer(new TrafficEvent.Lifecycle(from.name(), earlier == 0 ? status
                : new UpstreamStatus(status.state(), status.lastError(), status.restarts() + earlier, status.since())));
    }

    /** See {@link UpstreamRegistry.Retirements#retiring}; called before either connection is touched. */
    void retiring(Upstream old, boolean running, Upstream restartedAs, String why) {
        if (!sink.enabled()) {
            return;
        }
        // A connection that was not running stops without a word: nothing changes for the user.
        told.put(old, State.STOPPED);
        if (!running || !recorded.test(old.name())) {
            return;
        }
        if (restartedAs != null) {
            told.put(restartedAs, State.STARTING);
        }
        Instant now = clock.instant();
        sink.offer(new TrafficEvent.Replaced(old.name(), restartedAs != null, why,
                earlierRestarts.applyAsInt(old.name()), now.getEpochSecond() * 1_000_000L + now.getNano() / 1000));
    }
}
