package dev.gatehouse.vault;

import java.util.List;
import java.util.Optional;

/**
 * Which key backend protects the vault and why each of the others does not, for {@code status} and
 * {@code doctor}. {@code inUse} is empty for a vault that holds no secret yet; {@code wouldUse} then names the
 * backend the first secret will be protected by.
 */
public record KeyBackendReport(Optional<String> inUse, Optional<String> wouldUse, List<Entry> backends,
                               Optional<String> warning) {

    public enum State { IN_USE, AVAILABLE, UNAVAILABLE }

    /** One backend, in order of preference. */
    public record Entry(String id, String description, State state, String detail) {
    }

    public KeyBackendReport {
        backends = List.copyOf(backends);
    }

    /** Lines a person reads: the backend in use, each backend's state, and the loud warning if any. */
    public List<String> lines() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("vault key: " + inUse.map(id -> "protected by " + describe(id))
                .orElse("no secret stored yet; the first will be protected by "
                        + wouldUse.map(this::describe).orElse("nothing (no backend is available)")));
        for (Entry entry : backends) {
            lines.add("  " + entry.id() + ": " + entry.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " - " + entry.detail());
        }
        warning.ifPresent(lines::add);
        return lines;
    }

    private String describe(String id) {
        return backends.stream().filter(e -> e.id().equals(id)).map(Entry::description).findFirst().orElse(id);
    }
}
