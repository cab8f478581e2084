package dev.gatehouse.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much of one server's traffic is recorded: everything redacted ({@code full}), the exchange without bodies
 * or headers ({@code metadata}), or nothing ({@code off}).
 */
public enum CaptureMode {
    FULL, METADATA, OFF;

    /** The value as written in config.toml. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(CaptureMode::label).toList();
    }

    public static Optional<CaptureMode> fromLabel(String label) {
        return Arrays.stream(values()).filter(mode -> mode.label().equals(label)).findFirst();
    }
}
