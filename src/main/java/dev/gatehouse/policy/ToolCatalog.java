package dev.gatehouse.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The latest definition of every tool each server has listed, learnt from the {@code tools/list} answers that
 * pass the chain and, when a call names a tool not seen yet, fetched from the server. Bounded per server.
 */
public final class ToolCatalog {

    /** Lists every tool of one server (all pages); implemented by the request path. */
    @FunctionalInterface
    public interface Fetcher {
        CompletableFuture<List<ObjectNode>> tools(String server);
    }

    static final int MAX_TOOLS_PER_SERVER = 10_000;

    private final Fetcher fetcher;
    private final Map<String, Map<String, ToolDefinition>> servers = new ConcurrentHashMap<>();

    public ToolCatalog(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Records one listed tool under its server's own name. */
    ToolDefinition record(String server, String name, ObjectNode listed) {
        ToolDefinition definition = ToolDefinition.of(server, name, listed);
        Map<String, ToolDefinition> tools = servers.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
        if (tools.size() < MAX_TOOLS_PER_SERVER || tools.containsKey(name)) {
            tools.put(name, definition);
        }
        return definition;
    }

    Optional<ToolDefinition> find(String server, String name) {
        return Optional.ofNullable(servers.getOrDefault(server, Map.of()).get(name));
    }

    /** The tool's definition, fetching the server's list once if it was not seen yet. */
    CompletableFuture<Optional<ToolDefinition>> lookup(String server, String name) {
        Optional<ToolDefinition> known = find(server, name);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        return refresh(server).thenApply(tools -> Optional.ofNullable(tools.get(name)));
    }

    /** Fetches the server's current list and replaces what was known of it; answers it in name order. */
    public CompletableFuture<Map<String, ToolDefinition>> refresh(String server) {
        return fetcher.tools(server).thenApply(listed -> {
            Map<String, ToolDefinition> fresh = new ConcurrentHashMap<>();
            for (ObjectNode tool : listed) {
                String name = tool.path("name").asString("");
                if (!name.isEmpty() && fresh.size() < MAX_TOOLS_PER_SERVER) {
                    fresh.put(name, ToolDefinition.of(server, name, tool));
                }
            }
            servers.put(server, fresh);
            return Collections.unmodifiableSortedMap(new TreeMap<>(fresh));
        });
    }

    /** What is known of one server's tools, by name in name order. */
    public Map<String, ToolDefinition> seen(String server) {
        Map<String, ToolDefinition> sorted = new LinkedHashMap<>();
        servers.getOrDefault(server, Map.of()).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
