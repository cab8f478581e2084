package dev.gatehouse.bridge;

import java.nio.file.Path;

/** Why the bridge could not start, as one line for stderr and the exit code it ends with. */
final class BridgeFailure extends Exception {

    static final int FAILURE = 1;
    static final int USAGE = 2;
    /** The same code the other client commands use when no gateway answers. */
    static final int NOT_RUNNING = 3;

    private final int exitCode;

    private BridgeFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static BridgeFailure notRunning(Path home, Path socket) {
        return new BridgeFailure("no gateway is running for " + home + " (nothing answers on " + socket
                + "); start one with 'gatehouse serve', or run 'gatehouse connect --start'", NOT_RUNNING);
    }

    static BridgeFailure usage(String message) {
        return new BridgeFailure(message, USAGE);
    }

    static BridgeFailure failed(String message) {
        return new BridgeFailure(message, FAILURE);
    }

    int exitCode() {
        return exitCode;
    }
}
