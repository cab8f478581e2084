package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hides, in text a server wrote (its stderr), the values its config hands it: environment values and remote
 * headers, which are where credentials reach a server today. Each occurrence becomes {@code [redacted:NAME]}.
 * This is the seam for the vault's redactor, which adds the secrets it holds; values shorter than
 * {@link #MIN_LENGTH} are left alone, since hiding every "1" or "on" would make logs unreadable and such values are
 * not secrets.
 */
public final class KnownValueRedactor {

    static final int MIN_LENGTH = 4;

    private record Known(String name, String value) {
    }

    private final List<Known> known;

    private KnownValueRedactor(List<Known> known) {
        this.known = known;
    }

    public static KnownValueRedactor of(ServerConfig server) {
        List<Known> known = new ArrayList<>();
        add(known, server.env());
        if (server.remote() != null) {
            add(known, server.remote().headers());
        }
        // Longest first, so a value containing another is hidden whole.
        known.sort(Comparator.comparingInt((Known k) -> k.value.length()).reversed());
        return new KnownValueRedactor(List.copyOf(known));
    }

    private static void add(List<Known> known, Map<String, String> values) {
        values.forEach((name, value) -> {
            if (value.length() >= MIN_LENGTH) {
                known.add(new Known(name, value));
            }
        });
    }

    public String redact(String text) {
        String result = text;
        for (Known k : known) {
            result = result.replace(k.value, "[redacted:" + k.name + "]");
        }
        return result;
    }

    public List<String> redact(List<String> lines) {
        return lines.stream().map(this::redact).toList();
    }
}
