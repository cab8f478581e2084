package dev.gatehouse.proxy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.routing.View;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstreams of the running config, in configured order after the built-in server. Disabled servers are
 * listed but have no connection.
 *
 * <p>The running set is an immutable {@link Snapshot} behind an {@link AtomicReference}: readers (every request)
 * take the current one without locking; a change builds the next snapshot, swaps it in, and only then closes what
 * it replaced (Caddy's order). Upstreams whose config did not change are carried over as the same objects, so
 * requests to them never notice a reload. {@code swapLock} serialises the writers; it is never held while a server
 * starts or stops.
 */
public final class UpstreamRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRegistry.class);

    /** One consistent running set: the config and a connection for each enabled server. */
    private record Snapshot(GatewayConfig config, Map<String, Upstream> upstreams) {
    }

    /** What a config change did, by server name. */
    public record Changes(List<String> added, List<String> removed, List<String> changed) {

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    /**
     * Told when the gateway retires a server's connection itself, before the old one stops or the new starts, and
     * once {@link #earlierRestarts} counts what the old one leaves behind.
     */
    @FunctionalInterface
    interface Retirements {

        /**
         * {@code old} was {@code running} (neither stopped nor disabled); {@code restartedAs} replaces it and starts
         * now, or is null when it was not running or no connection starts now.
         */
        void retiring(Upstream old, boolean running, Upstream restartedAs, String why);
    }

    private final Upstream builtin;
    private final Function<ServerConfig, Upstream> factory;
    private final Retirements retirements;
    private final Executor executor;
    private final InstantSource clock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final ReentrantLock swapLock = new ReentrantLock();
    private final Map<String, Integer> earlierRestarts = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

    UpstreamRegistry(GatewayConfig config, Upstream builtin, Function<ServerConfig, Upstream> factory,
                     Retirements retirements, Executor executor, InstantSource clock) {
        this.builtin = builtin;
        this.factory = factory;
        this.retirements = retirements;
        this.executor = executor;
        this.clock = clock;
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        upstreams.put(builtin.name(), builtin);
        for (ServerConfig server : config.servers()) {
            if (server.enabled()) {
                upstreams.put(server.name(), factory.apply(server));
            }
        }
        current.set(new Snapshot(config, upstreams));
    }

    /** Every enabled server, prefixed: what {@code /mcp} shows. */
    public View aggregate() {
        return View.aggregate(new ArrayList<>(current.get().upstreams().values()));
    }

    /** One server with its own names: what {@code /s/NAME/mcp} shows. */
    public Optional<View> single(String name) {
        return upstream(name).map(View::single);
    }

    /**
     * The running servers of a configured profile, prefixed as on {@code /mcp}: what {@code /p/NAME/mcp} shows. A
     * disabled member is left out until it is enabled.
     */
    public Optional<View> profile(String name) {
        Snapshot snapshot = current.get();
        return snapshot.config().profile(name).map(profile -> View.aggregate(snapshot.upstreams().values().stream()
                .filter(u -> profile.includes(u.name())).toList()));
    }

    public Optional<Upstream> upstream(String name) {
        return Optional.ofNullable(current.get().upstreams().get(name));
    }

    public CallOptions options(String server) {
        return config().server(server).map(s -> new CallOptions(s.timeout())).orElse(CallOptions.DEFAULT);
    }

    public GatewayConfig config() {
        return current.get().config();
    }

    /** Every connection of the running config, the built-in server first. */
    public List<Upstream> running() {
        return List.copyOf(current.get().upstreams().values());
    }

    /** Every configured server, enabled or not, in file order. */
    public List<ServerConfig> configured() {
        return config().servers();
    }

    /**
     * Restarts of this server before its current connection: each restart the gateway made (manual, health check,
     * config change) and those the earlier connections made themselves after crashes. Added to the current
     * connection's own count, it says how often the server restarted while the gateway ran.
     */
    public int earlierRestarts(String server) {
        return earlierRestarts.getOrDefault(server, 0);
    }

    /** When a client request last went to this server, if ever since it was (re)placed. */
    public Optional<Instant> lastUsed(String server) {
        return Optional.ofNullable(lastUsed.get(server));
    }

    void markUsed(String server) {
        lastUsed.put(server, clock.instant());
    }

    /** Starts the eager servers in the background so the first client does not wait for them. */
    public void startAll() {
        Snapshot snapshot = current.get();
        snapshot.upstreams().values().stream()
                .filter(u -> snapshot.config().server(u.name())
                        .map(s -> s.supervision().start() == ServerConfig.StartMode.EAGER).orElse(false))
                .forEach(this::startInBackground);
    }

    void startInBackground(Upstream upstream) {
        executor.execute(() -> {
            try {
                upstream.handshake();
            } catch (RuntimeException e) {
                LOG.warn("server '{}' did not start: {}", upstream.name(), e.getMessage());
            }
        });
    }

    /**
     * Makes {@code next} the running config: servers added, removed or changed are started, stopped or replaced;
     * every other upstream is carried over untouched. Returns once the replaced ones are stopped.
     */
    public Changes apply(GatewayConfig next) {
        List<Upstream> retired = new ArrayList<>();
        List<Upstream> fresh = new ArrayList<>();
        Changes changes;
        swapLock.lock();
        try {
            Snapshot before = current.get();
            Map<String, Upstream> upstreams = new LinkedHashMap<>();
            upstreams.put(builtin.name(), builtin);
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            for (ServerConfig server : next.servers()) {
                Optional<ServerConfig> old = before.config().server(server.name());
                if (old.isEmpty()) {
                    added.add(server.name());
                } else if (!old.get().equals(server)) {
                    changed.add(server.name());
                }
                Upstream kept = before.upstreams().get(server.name());
                if (kept != null && old.isPresent() && old.get().equals(server)) {
                    upstreams.put(server.name(), kept);
                } else if (server.enabled()) {
                    Upstream created = factory.apply(server);
                    upstreams.put(server.name(), created);
                    if (server.supervision().start() == ServerConfig.StartMode.EAGER) {
                        fresh.add(created);
                    }
                }
            }
            List<String> removed = before.config().servers().stream().map(ServerConfig::name)
                    .filter(name -> next.server(name).isEmpty()).toList();
            before.upstreams().forEach((name, upstream) -> {
                Upstream replacement = upstreams.get(name);
                if (replacement != upstream) {
                    retired.add(upstream);
                    retire(upstream, fresh.contains(replacement) ? replacement : null,
                            next.server(name).isEmpty() ? "removed from the configuration"
                                    : replacement == null ? "disabled in the configuration"
                                    : "its configuration changed");
                }
            });
            removed.forEach(earlierRestarts::remove);
            current.set(new Snapshot(next, upstreams));
            changes = new Changes(List.copyOf(added), removed, List.copyOf(changed));
        } finally {
            swapLock.unlock();
        }
        retired.forEach(u -> lastUsed.remove(u.name()));
        closeAll(retired);
        fresh.forEach(this::startInBackground);
        return changes;
    }

    /**
     * Replaces the connection {@code expected} of server {@code name} with a new one, stopping the old; false when
     * {@code expected} is no longer the running one (a reload or another restart got there first).
     */
    boolean replace(String name, Upstream expected, boolean start, String why) {
        Upstream created;
        swapLock.lock();
        try {
            Snapshot before = current.get();
            ServerConfig server = before.config().server(name).orElse(null);
            if (server == null || before.upstreams().get(name) != expected) {
                return false;
            }
            created = factory.apply(server);
            retire(expected, start ? created : null, why);
            Map<String, Upstream> upstreams = new LinkedHashMap<>(before.upstreams());
            upstreams.put(name, created);
            current.set(new Snapshot(before.config(), upstreams));
        } finally {
            swapLock.unlock();
        }
        LOG.info("server '{}' {} ({})", name, start ? "restarts" : "stops", why);
        lastUsed.remove(name);
        expected.close();
        if (start) {
            startInBackground(created);
        }
        return true;
    }

    /**
     * Counts the restarts {@code old} leaves behind, one more when a running connection is replaced by {@code fresh}
     * (null: none starts now), and tells the listener. Under {@code swapLock}, before the swap.
     */
    private void retire(Upstream old, Upstream fresh, String why) {
        UpstreamStatus last = old.status();
        boolean running = last.state() != UpstreamStatus.State.STOPPED
                && last.state() != UpstreamStatus.State.DISABLED;
        Upstream restartedAs = running ? fresh : null;
        earlierRestarts.merge(old.name(), last.restarts() + (restartedAs != null ? 1 : 0), Integer::sum);
        retirements.retiring(old, running, restartedAs, why);
    }

    private static void closeAll(List<Upstream> upstreams) {
        upstreams.parallelStream().forEach(Upstream::close);
    }

    @Override
    public void close() {
        closeAll(running());
    }
}
