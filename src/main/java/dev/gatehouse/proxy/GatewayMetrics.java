package dev.gatehouse.proxy;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.Upstream;
import dev.gatehouse.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's Prometheus metrics: requests by server, method and outcome with a latency histogram, open
 * sessions, queue depths, per-server state and restarts, and the refusals of every bound. Recording only touches
 * in-memory meters (never I/O); the per-server gauges are refreshed when scraped, since servers come and go with
 * reloads.
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final UpstreamRegistry registry;
    private final MultiGauge restarts;
    private final MultiGauge states;

    GatewayMetrics(SessionRegistry sessions, UpstreamRegistry registry, RoutingTables tables,
                   LimitCounters counters) {
        this.registry = registry;
        // One series per bound (DESIGN invariant 9), read from the shared counters when scraped:
        // gatehouse_limit_refusals_total{limit="session_rate"} and so on.
        for (LimitCounters.Limit limit : LimitCounters.Limit.values()) {
            FunctionCounter.builder("gatehouse.limit.refusals", counters, c -> c.count(limit))
                    .description("Requests, streams, sessions, lines or notifications refused by a bound")
                    .tag("limit", limit.label()).register(meters);
        }
        // gatehouse_task_messages_dropped_total{reason="waited_too_long"}: server messages about a task whose
        // creation the gateway did not see in time, or that too many others crowded out (TaskOwners).
        for (TaskOwners.Drop reason : TaskOwners.Drop.values()) {
            FunctionCounter.builder("gatehouse.task.messages.dropped", tables.tasks(), t -> t.dropped(reason))
                    .description("Server messages about a task dropped while waiting for the task's creation")
                    .tag("reason", reason.label()).register(meters);
        }
        Gauge.builder("gatehouse.sessions", sessions, SessionRegistry::size)
                .description("Open client sessions").register(meters);
        Gauge.builder("gatehouse.session.outbound.queued", sessions,
                        s -> s.all().stream().mapToInt(session -> session.outbound().size()).sum())
                .description("Messages waiting for a client's stream, all sessions").register(meters);
        FunctionCounter.builder("gatehouse.session.outbound.dropped", sessions, SessionRegistry::outboundDropped)
                .description("Messages dropped because a client's stream queue was full, all sessions")
                .register(meters);
        Gauge.builder("gatehouse.upstream.calls.active", tables, t -> t.activeCalls().total())
                .description("Client requests in flight to servers").register(meters);
        Gauge.builder("gatehouse.subscriptions", tables, t -> t.subscriptions().size())
                .description("Resources some client session is subscribed to, all servers").register(meters);
        Gauge.builder("gatehouse.client.requests.waiting", tables, t -> t.serverRequests().size())
                .description("Server-to-client requests waiting for a client's answer").register(meters);
        restarts = MultiGauge.builder("gatehouse.upstream.restarts")
                .description("Restarts of each server, its own crash restarts and the gateway's").register(meters);
        states = MultiGauge.builder("gatehouse.upstream.state")
                .description("1 for each server's current state").register(meters);
    }

    /** A monotonic time in nanoseconds from the meters' own clock, for {@link #request}. */
    long startTime() {
        return meters.config().clock().monotonicTime();
    }

    /**
     * One finished client request begun at {@code started}: {@code outcome} is {@code ok}, {@code error} (the
     * server answered with a JSON-RPC error) or {@code failure} (the gateway could not get an answer).
     */
    void request(String server, String method, String outcome, long started) {
        Duration took = Duration.ofNanos(meters.config().clock().monotonicTime() - started);
        Timer.builder("gatehouse.requests")
                .description("Client requests forwarded to servers")
                .tags("server", server, "method", method, "outcome", outcome)
                .publishPercentileHistogram()
                .register(meters)
                .record(took);
    }

    /** A config reload, applied or rejected. */
    public void reload(String outcome) {
        Counter.builder("gatehouse.config.reloads").tag("outcome", outcome).register(meters).increment();
    }

    /** Adds another component's meters (the traffic capture's) to the ones scraped here. */
    public void bind(MeterBinder binder) {
        binder.bindTo(meters);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        List<Upstream> running = registry.running();
        restarts.register(running.stream().map(u -> MultiGauge.Row.of(Tags.of("server", u.name()),
                u.status().restarts() + registry.earlierRestarts(u.name()))).toList(), true);
        states.register(running.stream().map(u -> MultiGauge.Row.of(
                Tags.of("server", u.name(), "state", u.status().state().label()), 1)).toList(), true);
        return meters.scrape();
    }
}
