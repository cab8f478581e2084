package dev.gatehouse.routing;

import dev.gatehouse.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * The servers one endpoint shows, in configured order, and how their names appear: {@code /mcp} is every enabled
 * server with prefixed names, {@code /s/NAME/mcp} is one server with its own names, {@code /p/NAME/mcp} is the
 * servers of one profile with prefixed names (a client of it can neither see nor name any other server).
 */
public record View(List<Upstream> upstreams, Namespace namespace) {

    public View {
        upstreams = List.copyOf(upstreams);
        if (namespace instanceof Namespace.Single && upstreams.size() != 1) {
            throw new IllegalArgumentException("a single-server view holds exactly one upstream");
        }
    }

    public static View aggregate(List<Upstream> upstreams) {
        return new View(upstreams, new Namespace.Prefixed());
    }

    public static View single(Upstream upstream) {
        return new View(List.of(upstream), new Namespace.Single(upstream.name()));
    }

    public boolean isSingle() {
        return namespace instanceof Namespace.Single;
    }

    public Optional<Upstream> upstream(String name) {
        return upstreams.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public List<String> serverNames() {
        return upstreams.stream().map(Upstream::name).toList();
    }
}
