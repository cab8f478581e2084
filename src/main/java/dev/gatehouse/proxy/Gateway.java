package dev.gatehouse.proxy;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.capture.TrafficEvent;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.policy.StandardPolicies;
import dev.gatehouse.policy.ToolCatalog;
import dev.gatehouse.policy.ToolPins;
import dev.gatehouse.policy.ToolReview;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
    private final RoutingTables tables = new RoutingTables();
    private final ResourceIndex resources;
    private final ExchangeHandler exchanges;
    private final MessageRedaction redaction;
    private final GatewayMetrics metrics;
    private final Supervisor supervisor;
    private final SubscriptionUpkeep subscriptionUpkeep;
    private final TrafficTap tap;
    private final StandardPolicies policies;
    private final LimitCounters counters;

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
        this.redaction = new MessageRedaction(redactor);
        this.tap = new TrafficTap(capture, config, clock, this::earlierRestarts);
        this.sessions = new SessionRegistry(clock, config.gateway().maxSessions(),
                config.gateway().sessionIdleTimeout(), this::cleanUp);
        List<String> order = new ArrayList<>();
        order.add(GatewayConfig.BUILTIN_SERVER);
        config.servers().forEach(s -> order.add(s.name()));
        this.resources = new ResourceIndex(order);
        InputRequests inputRequests = new InputRequests(clock, scheduler, tap, counters);
        ServerMessageRouter router = new ServerMessageRouter(tables, sessions, resources, redaction, tap,
                new NotificationThrottle(clock, counters), inputRequests, this::serverReady);
        this.registry = new UpstreamRegistry(config,
                new BuiltinUpstream(mapper, new DeferredDirectory(this::directory), traffic, executor),
                server -> factory.create(server, router), tap::retiring, executor, clock);
        this.subscriptionUpkeep = new SubscriptionUpkeep(tables.subscriptions(), registry, executor);
        this.metrics = new GatewayMetrics(sessions, registry, tables, counters);
        this.policies = new StandardPolicies(config, registry::config, clock, counters,
                new ToolCatalog(new ToolListFetcher(mapper, registry, executor)), pins);
        this.exchanges = new ExchangeHandler(mapper, registry, new ListFanOut(mapper, executor), resources, tables,
                redaction, metrics, policies.chain(), counters, config.limits().maxPendingPerSession(), inputRequests);
        this.supervisor = new Supervisor(registry, tables.activeCalls(), tables.subscriptions()::watches, clock,
                executor);
        scheduler.scheduleWithFixedDelay(this::evictIdleSessions, 1, 1, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::supervise, 1, 1, TimeUnit.SECONDS);
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
     * told that the lists of the servers they see changed. The {@code [gateway]} settings of the running gateway
     * are kept: they are bound at start.
     */
    public UpstreamRegistry.Changes apply(GatewayConfig next) {
        // The capture's modes first: a server whose capture was turned off records nothing from its new start on.
        tap.configure(next);
        UpstreamRegistry.Changes changes = registry.apply(next.withGateway(registry.config().gateway()));
        List<String> affected = new ArrayList<>(changes.removed());
        affected.addAll(changes.changed());
        affected.addAll(changes.added());
        affected.forEach(resources::forget);
        if (!affected.isEmpty()) {
            announceListChanges(affected);
        }
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

    private void announceListChanges(List<String> servers) {
        for (Session session : sessions.all()) {
            boolean sees = session.endpoint().equals("/mcp")
                    || servers.stream().anyMatch(name -> session.endpoint().equals("/s/" + name + "/mcp"));
            if (sees) {
                for (String method : List.of(McpMethods.TOOLS_LIST_CHANGED, McpMethods.PROMPTS_LIST_CHANGED,
                        McpMethods.RESOURCES_LIST_CHANGED)) {
                    session.outbound().offer(new Message.Notification(method, null));
                }
            }
        }
    }

    private void supervise() {
        try {
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
            announceListChanges(List.of(server));
        }
        return approved;
    }

    /** The view an endpoint path shows: {@code /mcp}, or {@code /s/NAME/mcp} for a known server. */
    public Optional<View> view(String endpoint) {
        if (endpoint.equals("/mcp")) {
            return Optional.of(registry.aggregate());
        }
        if (endpoint.startsWith("/s/") && endpoint.endsWith("/mcp") && endpoint.length() > "/s//mcp".length()) {
            return registry.single(endpoint.substring(3, endpoint.length() - 4));
        }
        return Optional.empty();
    }

    /**
     * Answers {@code initialize}: opens a session and describes the view. The aggregate view advertises every
     * capability with list changes, because servers come and go while sessions live; a single-server view shows
     * that server's own answer. {@code http} describes the request as it arrived, for the capture (null: not HTTP).
     */
    public Initialized initialize(String endpoint, View view, Message.Request request, HttpRequestFacts http) {
        long startNanos = System.nanoTime();
        ObjectNode params = paramsOf(request);
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asString(""));
        ObjectNode result = describe(view, version, SignInAnswers.declaresUrlElicitation(params));
        Session session = sessions.create(endpoint, version, objectOrNull(params.get("capabilities")),
                objectOrNull(params.get("clientInfo")));
        // A single server's instructions and info are its own text, redacted like any answer.
        Message.Response response = redaction.response(Message.Response.success(request.id(), result));
        tap.sessionStarted(session, TrafficTap.STREAMABLE_HTTP);
        tap.clientExchange(session, viewServer(view), request, response, startNanos, http);
        return new Initialized(session, response);
    }

    /** Answers {@code initialize} on a session that already exists (the deprecated HTTP+SSE transport). */
    public Message.Response initialize(Session session, View view, Message.Request request) {
        long startNanos = System.nanoTime();
        ObjectNode params = paramsOf(request);
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asString(""));
        ObjectNode result = describe(view, version, SignInAnswers.declaresUrlElicitation(params));
        session.adopt(version, objectOrNull(params.get("capabilities")), objectOrNull(params.get("clientInfo")));
        Message.Response response = redaction.response(Message.Response.success(request.id(), result));
        tap.sessionStarted(session, TrafficTap.HTTP_SSE);
        tap.clientExchange(session, viewServer(view), request, response, startNanos, null);
        return response;
    }

    /**
     * The modern-era {@code server/discover} answer for a view: every version this gateway speaks, the view's
     * capabilities, and caching hints. Lists may change at any moment (servers come and go), hence {@code ttlMs}
     * 0; answers are per user, hence {@code private}.
     */
    public Message.Response discover(View view, RequestId id) {
        ObjectNode result = describe(view, ModernEra.VERSION, true);
        result.remove("protocolVersion");
        ObjectNode serverInfo = (ObjectNode) result.remove("serverInfo");
        ArrayNode versions = result.putArray("supportedVersions");
        ModernEra.ALL_VERSIONS.forEach(versions::add);
        result.put("ttlMs", 0);
        result.put("cacheScope", "private");
        result.put("resultType", "complete");
        result.putObject("_meta").set(ModernEra.META_SERVER_INFO, serverInfo);
        return redaction.response(Message.Response.success(id, result));
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

    private ObjectNode paramsOf(Message.Request request) {
        return request.params() == null ? mapper.createObjectNode() : request.params();
    }

    /** The view's description; {@code urlElicitation}: whether the client can be sent a sign-in link. */
    private ObjectNode describe(View view, String version, boolean urlElicitation) {
        ObjectNode result = mapper.createObjectNode();
        result.put("protocolVersion", version);
        if (view.isSingle()) {
            ServerHandshake handshake = SignInAnswers.handshake(view.upstreams().getFirst(), urlElicitation);
            result.set("capabilities", handshake.capabilities().deepCopy());
            result.set("serverInfo", handshake.serverInfo());
            if (handshake.instructions() != null) {
                result.put("instructions", handshake.instructions());
            }
        } else {
            result.set("capabilities", aggregateCapabilities());
            ObjectNode serverInfo = result.putObject("serverInfo");
            serverInfo.put("name", ClientIdentity.NAME);
            serverInfo.put("version", ClientIdentity.VERSION);
            String instructions = aggregateInstructions(view);
            if (!instructions.isEmpty()) {
                result.put("instructions", instructions);
            }
        }
        TaskRoutes.negotiate(view, (ObjectNode) result.get("capabilities"), ModernEra.VERSION.equals(version));
        return result;
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

    private ObjectNode aggregateCapabilities() {
        ObjectNode capabilities = mapper.createObjectNode();
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("prompts").put("listChanged", true);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        capabilities.putObject("logging");
        capabilities.putObject("completions");
        return capabilities;
    }

    /** Instructions of the servers already running, each under its name; starting the others is not awaited. */
    private static String aggregateInstructions(View view) {
        StringBuilder text = new StringBuilder();
        for (Upstream upstream : view.upstreams()) {
            if (upstream.status().state() != UpstreamStatus.State.READY) {
                continue;
            }
            String instructions = upstream.handshake().instructions();
            if (instructions != null && !instructions.isBlank()) {
                text.append(text.isEmpty() ? "" : "\n\n").append("## ").append(upstream.name()).append("\n")
                        .append(instructions.strip());
            }
        }
        return text.toString();
    }

    private static ObjectNode objectOrNull(JsonNode node) {
        return node instanceof ObjectNode object ? object : null;
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

    private static String viewServer(View view) {
        return view.isSingle() ? view.upstreams().getFirst().name() : GatewayConfig.BUILTIN_SERVER;
    }

    /** A client notification: cancellations reach the upstream, root changes reach every server of the view. */
    public void notification(View view, Session session, Message.Notification notification) {
        tap.notification(session, viewServer(view), TrafficEvent.Direction.CLIENT_TO_SERVER, notification);
        switch (notification.method()) {
            case McpMethods.CANCELLED -> {
                JsonNode requestId = notification.params() == null ? null : notification.params().get("requestId");
                if (requestId != null && (requestId.isString() || requestId.isIntegralNumber())) {
                    session.cancelInFlight(new RequestId(requestId));
                }
            }
            case McpMethods.ROOTS_LIST_CHANGED -> view.upstreams().stream()
                    .filter(u -> u.status().state() == UpstreamStatus.State.READY)
                    .forEach(u -> u.notify(notification));
            default -> LOG.debug("client notification {} needs no routing", notification.method());
        }
    }

    /** A client's answer to a server-to-client request, returned to that server under its own id. */
    public void response(Session session, Message.Response response) {
        if (response.id() == null) {
            return;
        }
        tables.serverRequests().take(session, response.id()).ifPresentOrElse(
                pending -> {
                    pending.answer(response);
                    tap.serverExchange(session, pending.upstream().name(), pending.request(), response,
                            pending.startNanos());
                },
                () -> LOG.debug("client answered {}, which no server is waiting for", response.id()));
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

    /** Releases what an ended session held: its subscriptions and the server requests waiting on it. */
    private void cleanUp(Session session) {
        policies.sessionEnded(session.id());
        subscriptionUpkeep.sessionEnded(session);
        tables.tasks().ended(session).forEach(task -> registry.upstream(task.server())
                .ifPresent(upstream -> upstream.watchTask(task.taskId(), false)));
        for (ServerRequests.Pending pending : tables.serverRequests().drain(session)) {
            Message.Response refusal = Message.Response.failure(pending.upstreamId(),
                    new RpcError(RpcError.INTERNAL_ERROR, "The client session ended before answering"));
            pending.answer(refusal);
            tap.serverExchange(session, pending.upstream().name(), pending.request(), refusal, pending.startNanos());
        }
        tap.sessionEnded(session);
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
