package dev.gatehouse.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which server owns a resource URI, learned from the resource and template lists that pass through the gateway.
 * On a collision the server configured first wins and the collision is logged once.
 */
public final class ResourceIndex {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceIndex.class);
    private static final int MAX_URIS = 100_000;

    private final List<String> serverOrder;
    /** Every server that listed a URI, configured order first: a profile may see only a later one. */
    private final Map<String, List<String>> offeredBy = new ConcurrentHashMap<>();
    private final List<Template> templates = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> reportedCollisions = ConcurrentHashMap.newKeySet();

    private record Template(String template, String server, UriTemplateMatcher matcher) {
    }

    public ResourceIndex(List<String> serverOrder) {
        this.serverOrder = List.copyOf(serverOrder);
    }

    public void recordResource(String server, String uri) {
        if (offeredBy.size() >= MAX_URIS && !offeredBy.containsKey(uri)) {
            return;
        }
        offeredBy.compute(uri, (key, servers) -> {
            if (servers == null) {
                return List.of(server);
            }
            if (servers.contains(server)) {
                return servers;
            }
            List<String> more = new ArrayList<>(servers);
            more.add(server);
            more.sort(Comparator.comparingInt(this::rank));
            if (reportedCollisions.size() < MAX_URIS && reportedCollisions.add(uri)) {
                LOG.warn("resource {} is offered by both '{}' and '{}'; routing it to '{}' (configured first)",
                        uri, servers.getFirst(), server, more.getFirst());
            }
            return List.copyOf(more);
        });
    }

    public void recordTemplate(String server, String template) {
        boolean known = templates.stream()
                .anyMatch(t -> t.template.equals(template) && t.server.equals(server));
        if (!known) {
            templates.add(new Template(template, server, new UriTemplateMatcher(template)));
        }
    }

    /** The owner of {@code uri}: an exact listed URI first, else the first configured server whose template fits. */
    public Optional<String> owner(String uri) {
        return owner(uri, server -> true);
    }

    /**
     * As {@link #owner(String)}, among the servers {@code among} accepts only (those of a profile): a resource of a
     * server outside them is not found, exactly as one that no server offers.
     */
    public Optional<String> owner(String uri, Predicate<String> among) {
        Optional<String> exact = offeredBy.getOrDefault(uri, List.of()).stream().filter(among).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        List<Template> matching = new ArrayList<>();
        for (Template t : templates) {
            if (among.test(t.server) && t.matcher.matches(uri)) {
                matching.add(t);
            }
        }
        return matching.stream().map(Template::server).min((a, b) -> Integer.compare(rank(a), rank(b)));
    }

    /** Forgets what one server offered, after it announced a list change or was removed. */
    public void forget(String server) {
        for (String uri : offeredBy.keySet()) {
            offeredBy.computeIfPresent(uri, (key, servers) -> {
                List<String> left = servers.stream().filter(s -> !s.equals(server)).toList();
                return left.isEmpty() ? null : left;
            });
        }
        templates.removeIf(t -> t.server.equals(server));
    }

    private int rank(String server) {
        int index = serverOrder.indexOf(server);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
