package dev.gatehouse.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code gatehouse tools diff SERVER}, {@code gatehouse tools approve SERVER [TOOL]} and {@code status}
 * need: each reads the server's current tool list first, so the answer is about what the server offers now.
 * Blocking, for the management API's threads.
 */
public final class ToolReview {

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One tool against its pin: approved, or new or changed (waiting) with the fields that changed. {@code approved}
     * is the pinned definition (null when never approved), {@code current} what the server lists now, and
     * {@code flags} the poisoning marks in the current text.
     */
    public record ToolChange(String tool, ToolPinPolicy.Verdict status, List<String> changedFields,
                             ObjectNode approved, String approvedAt, ObjectNode current,
                             Set<HiddenInstructionScanner.Flag> flags) {
    }

    private final ToolCatalog catalog;
    private final ToolPins pins;
    private final HiddenInstructionScanner scanner = new HiddenInstructionScanner();

    public ToolReview(ToolCatalog catalog, ToolPins pins) {
        this.catalog = catalog;
        this.pins = pins;
    }

    /** Every tool of {@code server} that is new or changed since approval, in name order. */
    public List<ToolChange> diff(String server) {
        return review(server).stream().filter(change -> change.status() != ToolPinPolicy.Verdict.APPROVED).toList();
    }

    /** Every tool {@code server} lists now, approved ones included, in name order. */
    public List<ToolChange> review(String server) {
        List<ToolChange> changes = new ArrayList<>();
        for (ToolDefinition tool : current(server).values()) {
            Optional<ToolPins.Pin> pin = pins.pin(server, tool.name());
            ObjectNode approved = pin.map(ToolPins.Pin::definition).orElse(null);
            ToolPinPolicy.Verdict verdict = pin.isEmpty() ? ToolPinPolicy.Verdict.NEW
                    : pin.get().sha256().equals(tool.sha256()) ? ToolPinPolicy.Verdict.APPROVED
                    : ToolPinPolicy.Verdict.CHANGED;
            changes.add(new ToolChange(tool.name(), verdict, verdict == ToolPinPolicy.Verdict.APPROVED ? List.of()
                    : changedFields(approved, tool.definition()), approved,
                    pin.map(ToolPins.Pin::approvedAt).orElse(null), tool.definition(), scanner.scan(tool.definition())));
        }
        return changes;
    }

    /**
     * Pins the current definition of one waiting tool, or of every waiting tool when {@code tool} is empty;
     * answers the names approved. An unknown tool name is refused.
     */
    public List<String> approve(String server, Optional<String> tool) {
        Map<String, ToolDefinition> current = current(server);
        if (tool.isPresent() && !current.containsKey(tool.get())) {
            throw new IllegalArgumentException("server '" + server + "' lists no tool named '" + tool.get() + "'");
        }
        List<String> approved = new ArrayList<>();
        for (ToolChange change : diff(server)) {
            if (tool.isEmpty() || tool.get().equals(change.tool())) {
                pins.approve(current.get(change.tool()));
                approved.add(change.tool());
            }
        }
        return approved;
    }

    /**
     * Reads the tool lists of those of {@code servers} whose tools were never listed, all at once, waiting at most
     * {@code wait}: so that the marks below do not depend on a client having listed them since the gateway
     * started. A server that fails or is slow is left as it was.
     */
    public void learn(List<String> servers, Duration wait) {
        CompletableFuture<?>[] fetches = servers.stream().filter(server -> catalog.seen(server).isEmpty())
                .map(server -> catalog.refresh(server).exceptionally(failure -> Map.of()))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(fetches).completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /**
     * The definition {@code server} lists for {@code tool}, as last listed (its list is read once if it never
     * was); empty when the server lists no such tool or cannot be listed within the wait.
     */
    public Optional<ObjectNode> listed(String server, String tool) {
        try {
            return catalog.lookup(server, tool).orTimeout(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()
                    .map(ToolDefinition::definition);
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }

    /** The poisoning marks in the tools of {@code server} as last listed, only for tools that have any. */
    public Map<String, Set<HiddenInstructionScanner.Flag>> flags(String server) {
        Map<String, Set<HiddenInstructionScanner.Flag>> flagged = new TreeMap<>();
        catalog.seen(server).forEach((name, tool) -> {
            Set<HiddenInstructionScanner.Flag> flags = scanner.scan(tool.definition());
            if (!flags.isEmpty()) {
                flagged.put(name, flags);
            }
        });
        return flagged;
    }

    private Map<String, ToolDefinition> current(String server) {
        try {
            return catalog.refresh(server).orTimeout(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("cannot list the tools of server '" + server + "': "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e.getCause());
        }
    }

    private static List<String> changedFields(ObjectNode approved, ObjectNode current) {
        List<String> fields = new ArrayList<>();
        for (String field : ToolDefinition.PINNED_FIELDS) {
            JsonNode before = approved == null ? null : approved.get(field);
            JsonNode after = current.get(field);
            if (!Objects.equals(before == null ? null : CanonicalJson.sorted(before),
                    after == null ? null : CanonicalJson.sorted(after))) {
                fields.add(field);
            }
        }
        return fields;
    }
}
