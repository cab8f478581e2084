package dev.gatehouse.cli;

import dev.gatehouse.admin.api.CaptureStatus;

/**
 * The capture's line in {@code gatehouse status}: whether traffic is being recorded and, when it is not, why and
 * that traffic flows on regardless; records dropped or lost; space used against the retention bounds.
 */
final class CaptureLine {

    private CaptureLine() {
    }

    static String describe(CaptureStatus capture) {
        String losses = (capture.dropped() > 0 || capture.lost() > 0 ? ", " + capture.dropped() + " dropped, "
                + capture.lost() + " lost" : "");
        return switch (capture.state()) {
            case "recording" -> "recording (" + capture.recorded() + " recorded" + losses + "; "
                    + size(capture) + ", kept " + capture.maxAgeDays() + " days)";
            case "failed" -> "STOPPED: " + capture.reason() + " (traffic keeps flowing unrecorded; retrying every "
                    + capture.retrySeconds() + " s; " + capture.recorded() + " recorded" + losses + "; "
                    + size(capture) + ")";
            case "off" -> "OFF: " + capture.reason();
            default -> capture.state() + (capture.reason() == null ? "" : ": " + capture.reason());
        };
    }

    private static String size(CaptureStatus capture) {
        String used = capture.storedBytes() < 0 ? "size unknown" : mib(capture.storedBytes());
        return used + " of " + mib(capture.maxBytes());
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
