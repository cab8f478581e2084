package dev.gatehouse.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How a tool seen for the first time is treated. {@code AUTO} pins it on first sight (trust on first use);
 * {@code MANUAL} hides it until the user approves it. A tool whose definition changed after it was pinned always
 * waits for approval, whichever mode is set.
 */
public enum ToolApproval {
    AUTO, MANUAL;

    /** The config spelling: {@code "auto"} or {@code "manual"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ToolApproval> parse(String text) {
        for (ToolApproval mode : values()) {
            if (mode.label().equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
