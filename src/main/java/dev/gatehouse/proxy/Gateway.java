package dev.gatehouse.proxy;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.policy.StandardPolicies;
import dev.gatehouse.policy.ToolCatalog;
import dev.gatehouse.policy.ToolPins;
import dev.gatehouse.policy.ToolReview;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.routing.ListFanOut;
import dev.gatehouse.routing.ResourceIndex;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import dev.gatehouse.session.SessionRegistry;
import dev.gatehouse.upstream.builtin.BuiltinUpstream;
import dev.gatehouse.vault.Redactor;
import dev.gatehouse.upstream.builtin.ServerDirectory;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The assembled gateway behind the HTTP plane: the upstreams of the running config, the session table, and the
 * request path. This is the one place the pipeline is put together; the transport layer only parses, gates and
 * streams.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final JsonMapper mapper;
    private final SessionRegistry sessions;
    private final UpstreamRegistry registry;
    private final RoutingTables tables;
    private final ResourceIndex resources;
    private final ExchangeHandler exchanges;
    private final ViewDescriber describer;
    private final ClientMessageRouter clientMessages;
    private final SessionCleanUp cleanUp;
    private final MessageRedaction redaction;
    private final GatewayMetrics metrics;
    private final Supervisor supervisor;
    private final SubscriptionUpkeep subscriptionUpkeep;
    private final TrafficTap tap;
    private final StandardPolicies policies;
    private final LimitCounters counters;
    private final ViewChanges viewChanges;

    public Gateway(GatewayConfig config, UpstreamFactory factory, JsonMapper mapper, InstantSource clock,
                   ExecutorService executor, ScheduledExecutorService scheduler) {
        this(config, factory, mapper, clock, executor, scheduler, new Redactor(), CaptureSink.NONE, null,
                new LimitCounters(), ToolPins.inMemory(clock));
    }

    /**
     * {@code redactor} hides vault values in everything sent to clients; {@code capture} receives the traffic
     * ({@link CaptureSink#NONE} records nothing) and {@code traffic} lets the built-in server search it (null: none).
     * {@code pins} holds the approved tool definitions; {@code counters} counts every bound hit.
     */
    public Gateway(GatewayConfig config, UpstreamFactory factory, JsonMapper mapper, InstantSource clock,
                   ExecutorService executor, ScheduledExecutorService scheduler, Redactor redactor,
                   CaptureSink capture, TrafficLog traffic, LimitCounters counters, ToolPins pins) {
        this.mapper = mapper;
        this.counters = counters;
        this.tables = new RoutingTables(clock, config.limits().maxTaskResultWait());
        this.redaction = new MessageRedaction(redactor);
        this.tap = new TrafficTap(capture, config, clock, this::earlierRestarts);
        this.sessions = new SessionRegistry(clock, config.gateway().maxSessions(),
                config.gateway().sessionIdleTimeout(), this::sessionEnded);
        List<String> order = new ArrayList<>();
        order.add(GatewayConfig.BUILTIN_SERVER);
        config.servers().forEach(s -> order.add(s.name()));
        this.resources = new ResourceIndex(order);
        InputRequests inputRequests = new InputRequests(clock, scheduler, tap, counters);
        ServerMessageRouter router = new ServerMessageRouter(tables, sessions, resources, redaction, tap,
                new NotificationThrottle(clock, counters), inputRequests, this::serverReady, this::sees);
        this.registry = new UpstreamRegistry(config,
                new BuiltinUpstream(mapper, new DeferredDirectory(this::directory), traffic, executor),
                server -> factory.create(server, router), tap::retiring, executor, clock);
        this.subscriptionUpkeep = new SubscriptionUpkeep(tables.subscriptions(), tables.tasks(), registry, executor);
        this.metrics = new GatewayMetrics(sessions, registry, tables, counters);
        this.policies = new StandardPolicies(config, registry::config, clock, counters,
                new ToolCatalog(new ToolListFetcher(mapper, registry, executor)), pins);
        this.exchanges = new ExchangeHandler(mapper, registry, new ListFanOut(mapper, executor), resources, tables,
                redaction, metrics, policies.chain(), counters, config.limits().maxPendingPerSession(), inputRequests,
                tap);
        this.supervisor = new Supervisor(registry, tables.activeCalls(), tables.subscriptions()::watches, clock,
                executor);
        this.describer = new ViewDescriber(mapper, sessions, redaction, tap);
        this.clientMessages = new ClientMessageRouter(tables.serverRequests(), tap);
        this.viewChanges = new ViewChanges(sessions);
        this.cleanUp = new SessionCleanUp(policies, subscriptionUpkeep, tables, registry, tap);
        scheduler.scheduleWithFixedDelay(this::evictIdleSessions, 1, 1, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::supervise, 1, 1, TimeUnit.SECONDS);
    }

    /** Whether a session on {@code endpoint} sees {@code server}; for routing, which is made before the registry. */
    private boolean sees(String endpoint, String server) {
        return Endpoints.sees(endpoint, server, registry.config());
    }

    /** For the capture's lifecycle events, which only come once the registry runs. */
    private int earlierRestarts(String server) {
        return registry.earlierRestarts(server);
    }

    private ServerDirectory directory() {
        return new GatewayDirectory(registry, this::openSessions);
    }

    /** Starts the eager servers in the background. */
    public void start() {
        registry.startAll();
    }

    /** The running servers and config; read-only apart from {@link #apply} and {@link #restart}. */
    public UpstreamRegistry upstreams() {
        return registry;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /**
     * Makes {@code next} the running config, touching only the servers that changed; sessions stay open and are
     * told that the lists of the servers they see changed, or that their profile gained or lost a server; the
     * sessions of a removed profile end. The {@code [gateway]} settings of the running gateway are kept: they are
     * bound at start.
     */
    public UpstreamRegistry.Changes apply(GatewayConfig next) {
        // The capture's modes first: a server whose capture was turned off records nothing from its new start on.
        tap.configure(next);
        GatewayConfig before = registry.config();
        UpstreamRegistry.Changes changes = registry.apply(next.withGateway(before.gateway()));
        List<String> affected = new ArrayList<>(changes.removed());
        affected.addAll(changes.changed());
        affected.addAll(changes.added());
        affected.forEach(resources::forget);
        changes.removed().forEach(tables.subscriptions()::forget);
        changes.removed().forEach(tables.tasks()::forget);
        changes.removed().forEach(tables.progress()::forget);
        viewChanges.configApplied(before, registry.config(), affected);
        return changes;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** The open sessions, oldest first. */
    public List<OpenSession> openSessions() {
        return sessions.all().stream().sorted(java.util.Comparator.comparing(Session::created))
                .map(s -> new OpenSession(s.id(), s.endpoint(), s.protocolVersion(), clientField(s, "name"),
                        clientField(s, "version"), s.created(), s.lastActive(), s.inFlight()))
                .toList();
    }

    private static String clientField(Session session, String field) {
        return session.clientInfo() == null ? null : session.clientInfo().path(field).asString(null);
    }

    /** Ends a session as if its client had deleted it; false if no such session is open. */
    public boolean endSession(String id) {
        return sessions.end(id);
    }

    /**
     * Replaces a running server's connection with a fresh one, for {@code why} (logged and recorded with the
     * restart); false if no such server is running.
     */
    public boolean restart(String name, String why) {
        return registry.upstream(name).filter(u -> !u.name().equals(GatewayConfig.BUILTIN_SERVER))
                .map(u -> registry.replace(name, u, true, why)).orElse(false);
    }

    /** Every second: the servers' health, and the server messages that waited too long for their task's creation. */
    private void supervise() {
        try {
            tables.tasks().expireWaiting();
            supervisor.tick();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; supervision must outlive one bad round.
            LOG.error("supervising the servers failed", e);
        }
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** How often each bound was hit, for metrics and status. */
    public LimitCounters limitCounters() {
        return counters;
    }

    /** {@code tools diff}, {@code tools approve} and the poisoning flags of {@code status}. */
    public ToolReview toolReview() {
        return policies.review();
    }

    /**
     * Approves one waiting tool of {@code server}, or all of them, and tells the sessions that see the server that
     * its list changed, so that the tools reappear at once; answers the names approved.
     */
    public List<String> approveTools(String server, Optional<String> tool) {
        List<String> approved = policies.review().approve(server, tool);
        if (!approved.isEmpty()) {
            viewChanges.serversChanged(List.of(server), registry.config());
        }
        return approved;
    }

    /**
     * The view an endpoint path shows: {@code /mcp}, {@code /s/NAME/mcp} for a running server, or {@code /p/NAME/mcp}
     * for a configured profile.
     */
    public Optional<View> view(String endpoint) {
        if (endpoint.equals(Endpoints.AGGREGATE)) {
            return Optional.of(registry.aggregate());
        }
        Optional<String> server = Endpoints.server(endpoint);
        if (server.isPresent()) {
            return registry.single(server.get());
        }
        return Endpoints.profile(endpoint).flatMap(registry::profile);
    }

    /**
     * Answers {@code initialize}: opens a session and describes the view. {@code http} describes the request as it
     * arrived, for the capture (null: not HTTP).
     */
    public Initialized initialize(String endpoint, View view, Message.Request request, HttpRequestFacts http) {
        return describer.initialize(endpoint, view, request, http);
    }

    /**
     * Answers {@code initialize} on a session that already exists (the deprecated HTTP+SSE transport); {@code http}
     * as for a new session.
     */
    public Message.Response initialize(Session session, View view, Message.Request request, HttpRequestFacts http) {
        return describer.initialize(session, view, request, http);
    }

    /** The modern-era {@code server/discover} answer for a view. */
    public Message.Response discover(View view, RequestId id) {
        return describer.discover(view, id);
    }

    /** Whether the view offers a capability (the aggregate offers them all; one server, what it declared). */
    public boolean offers(View view, String capability) {
        return !view.isSingle() || view.upstreams().getFirst().handshake().hasCapability(capability);
    }

    /** Subscribes a modern subscription stream to one resource, as {@code resources/subscribe} would. */
    public void subscribe(View view, Session session, String uri) {
        ObjectNode params = mapper.createObjectNode();
        params.put("uri", uri);
        request(view, session, new Message.Request(RequestId.of("gh-listen"), McpMethods.RESOURCES_SUBSCRIBE, params),
                new ExchangeChannel());
    }

    /**
     * Asks the view's modern servers for the status notifications of the tasks a listen stream names (as the view
     * names them); answers the ids granted.
     */
    public List<String> watchTasks(View view, Session listener, List<String> taskIds) {
        return TaskRoutes.watch(view, listener, tables.tasks(), taskIds);
    }

    /** Whether the view offers tasks to a modern client (the {@code io.modelcontextprotocol/tasks} extension). */
    public boolean offersTasks(View view) {
        return TaskRoutes.offered(view, true);
    }

    public record Initialized(Session session, Message.Response response) {
    }

    /** Serves a client request; its response is always completed on {@code channel}. */
    public void request(View view, Session session, Message.Request request, ExchangeChannel channel) {
        request(view, session, request, channel, null);
    }

    /**
     * As {@link #request(View, Session, Message.Request, ExchangeChannel)}; {@code http} describes the request as
     * it arrived, for the capture (null when it did not come over HTTP).
     */
    public void request(View view, Session session, Message.Request request, ExchangeChannel channel,
                        HttpRequestFacts http) {
        exchanges.handle(view, session, request, tap.begin(session, request, channel, http));
    }

    /** Whether the HTTP plane should copy request headers into {@link HttpRequestFacts} for the capture. */
    public boolean capturesHeaders() {
        return tap.wantsHeaders();
    }

    /** A client notification: cancellations reach the upstream, root changes reach every server of the view. */
    public void notification(View view, Session session, Message.Notification notification) {
        clientMessages.notification(view, session, notification);
    }

    /** A client's answer to a server-to-client request, returned to that server under its own id. */
    public void response(Session session, Message.Response response) {
        clientMessages.response(session, response);
    }

    /** Every server's name and state, for {@code /healthz}. */
    public List<ServerState> health() {
        List<ServerState> states = new ArrayList<>();
        registry.running().forEach(u -> states.add(new ServerState(u.name(), u.status().state().label())));
        registry.configured().stream().filter(s -> !s.enabled())
                .forEach(s -> states.add(new ServerState(s.name(), UpstreamStatus.State.DISABLED.label())));
        return states;
    }

    public record ServerState(String name, String state) {
    }

    /** For the session table, which is made before the clean-up it calls. */
    private void sessionEnded(Session session) {
        cleanUp.release(session);
    }

    /** A server became ready: it may have come back from a crash or a replacement. */
    private void serverReady(Upstream upstream) {
        subscriptionUpkeep.cameBack(upstream);
    }

    private void evictIdleSessions() {
        int evicted = sessions.evictIdle();
        if (evicted > 0) {
            LOG.info("ended {} idle session(s)", evicted);
        }
    }

    @Override
    public void close() {
        sessions.endAll();
        registry.close();
    }
}
