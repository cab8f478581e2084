package dev.gatehouse.capture;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Asks a store that refused a batch whether it could record again ({@link TrafficStore#probe}), at most once every
 * {@link #INTERVAL} by the recorder's clock, so that recording resumes by itself soon after space comes back or a
 * file turns writable again, whether or not traffic arrives to try it with. Used by the writer thread only.
 */
final class StoreProbe {

    /** Often enough to resume soon, seldom enough to cost nothing. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /**
     * The least room a probe asks for; it asks for twice what the refused batch weighed when that is more, so that
     * recording does not resume only to fail again at the next large batch.
     */
    static final long MIN_ROOM = 256 * 1024;

    private final TrafficStore store;
    private final InstantSource clock;
    private Instant next = Instant.MAX;
    private long room = MIN_ROOM;

    StoreProbe(TrafficStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The store refused a batch weighing {@code batchBytes}: probing starts one interval from now. */
    void refused(long batchBytes) {
        next = clock.instant().plus(INTERVAL);
        room = Math.max(MIN_ROOM, 2 * batchBytes);
    }

    /** Whether a probe due now finds that the store can record again; false when none is due. */
    boolean recovered() {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return false;
        }
        next = now.plus(INTERVAL);
        try {
            store.probe(room);
            return true;
        } catch (CaptureStoreException stillRefusing) {
            return false;
        }
    }
}
