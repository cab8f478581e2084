package dev.gatehouse.bridge;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

/**
 * Where the gateway's MCP plane is now. The bridge found it through the management socket; a gateway that
 * restarts listens on a new port (port 0 picks a free one), so when a connection to the plane is refused the
 * socket is asked again, every {@link #POLL} for up to {@link #WAIT} while the gateway comes back. Bounded twice:
 * that wait, and at most {@value #MAX_RELOCATIONS_PER_MINUTE} successful relocations a minute, so a gateway that
 * keeps going away is not chased for ever. One thread relocates at a time; the others find its answer.
 */
final class PlaneRoute {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration POLL = Duration.ofMillis(250);
    static final int MAX_RELOCATIONS_PER_MINUTE = 5;

    private final GatewayLocator locator;
    private final BridgeTarget target;
    private final MinuteBudget relocations = new MinuteBudget(MAX_RELOCATIONS_PER_MINUTE);
    private volatile PlaneAddress current;

    /** {@code first} was found by {@code locator} for {@code target}, which every relocation looks for again. */
    PlaneRoute(GatewayLocator locator, BridgeTarget target, PlaneAddress first) {
        this.locator = locator;
        this.target = target;
        this.current = first;
    }

    PlaneAddress current() {
        return current;
    }

    /**
     * After a connection to {@code failed} was refused: the plane's address now, found again through the
     * management socket. Throws {@code refused} itself, with the reason added, when no gateway answers within
     * {@link #WAIT}, when the one that answers cannot be used, or after too many relocations this minute.
     */
    synchronized PlaneAddress relocate(PlaneAddress failed, ConnectException refused) throws IOException {
        if (current != failed) {
            return current;
        }
        if (relocations.exhausted()) {
            throw because(refused, "the gateway moved " + MAX_RELOCATIONS_PER_MINUTE
                    + " times within a minute; not looking for it again yet");
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        BridgeFailure last;
        do {
            try {
                PlaneAddress found = locator.locate(target);
                relocations.spend();
                current = found;
                return found;
            } catch (BridgeFailure failure) {
                if (failure.exitCode() != BridgeFailure.NOT_RUNNING) {
                    throw because(refused, failure.getMessage());
                }
                last = failure;
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw because(refused, "no gateway came back within " + WAIT.toSeconds() + " s: " + last.getMessage());
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the gateway to come back", e);
        }
    }

    private static ConnectException because(ConnectException refused, String why) {
        ConnectException failure = new ConnectException(refused.getMessage() + "; " + why);
        failure.initCause(refused);
        return failure;
    }
}
