package dev.gatehouse.proxy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after the running servers once a second, per their {@link ServerConfig.Supervision}: an eager server that
 * crashed or failed to start is started again (its own backoff with jitter decides when), a ready server is pinged
 * every health interval and replaced when it stops answering, and a server idle for its idle time is stopped (it
 * starts again on next use). A server clients are subscribed to is in use while they are: it is never stopped for
 * idleness and, lazy or not, started again after a crash, so their updates keep coming. Checks run on {@code executor}; at most one per server is under way at a time.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration MAX_PING_WAIT = Duration.ofSeconds(10);

    private final UpstreamRegistry registry;
    private final ActiveCalls calls;
    private final Predicate<String> watched;
    private final InstantSource clock;
    private final Executor executor;
    private final Set<Upstream> busy = ConcurrentHashMap.newKeySet();
    private final Map<Upstream, Instant> lastPing = new ConcurrentHashMap<>();

    /** {@code watched} tells whether clients are subscribed to a server's resources, which keeps it running. */
    Supervisor(UpstreamRegistry registry, ActiveCalls calls, Predicate<String> watched, InstantSource clock,
               Executor executor) {
        this.registry = registry;
        this.watched = watched;
        this.calls = calls;
        this.clock = clock;
        this.executor = executor;
    }

    /** One round over every running server; quick, it only starts background work. */
    void tick() {
        GatewayConfig config = registry.config();
        lastPing.keySet().retainAll(Set.copyOf(registry.running()));
        for (Upstream upstream : registry.running()) {
            config.server(upstream.name()).ifPresent(server -> check(upstream, server));
        }
    }

    private void check(Upstream upstream, ServerConfig server) {
        State state = upstream.status().state();
        ServerConfig.Supervision supervision = server.supervision();
        Instant now = clock.instant();
        if ((state == State.BACKOFF || state == State.FAILED)
                && (supervision.start() == ServerConfig.StartMode.EAGER || watched.test(upstream.name()))) {
            inBackground(upstream, () -> restartAfterBackoff(upstream));
        } else if (state == State.READY && idleFor(upstream, supervision.idleShutdown(), now)) {
            inBackground(upstream, () -> registry.replace(upstream.name(), upstream, false,
                    "idle for " + supervision.idleShutdown().toMinutes() + " min"));
        } else if (state == State.READY && !supervision.healthInterval().isZero()) {
            Instant last = lastPing.computeIfAbsent(upstream, u -> now);
            if (!now.isBefore(last.plus(supervision.healthInterval()))) {
                lastPing.put(upstream, now);
                inBackground(upstream, () -> ping(upstream, supervision.healthInterval()));
            }
        }
    }

    private boolean idleFor(Upstream upstream, Duration idle, Instant now) {
        if (idle.isZero() || calls.count(upstream.name()) > 0 || watched.test(upstream.name())) {
            return false;
        }
        Instant since = registry.lastUsed(upstream.name()).orElse(upstream.status().since());
        return !now.isBefore(since.plus(idle));
    }

    /** The upstream's own schedule decides when; this only makes sure an eager server does not wait for a use. */
    private void restartAfterBackoff(Upstream upstream) {
        try {
            upstream.handshake();
        } catch (RuntimeException e) {
            LOG.debug("server '{}' is not back yet: {}", upstream.name(), e.getMessage());
        }
    }

    /** Any answer, even an error, shows the server is alive; silence until the deadline replaces it. */
    private void ping(Upstream upstream, Duration interval) {
        Duration wait = interval.compareTo(MAX_PING_WAIT) < 0 ? interval : MAX_PING_WAIT;
        try {
            upstream.call(new Message.Request(RequestId.of(0), McpMethods.PING, null), new CallOptions(wait))
                    .response().join();
        } catch (RuntimeException e) {
            if (upstream.status().state() == State.READY) {
                registry.replace(upstream.name(), upstream, true,
                        "it did not answer a health-check ping within " + wait.toMillis() + " ms");
            }
        }
    }

    private void inBackground(Upstream upstream, Runnable check) {
        if (!busy.add(upstream)) {
            return;
        }
        executor.execute(() -> {
            try {
                check.run();
            } finally {
                busy.remove(upstream);
            }
        });
    }
}
