package dev.gatehouse.proxy;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.policy.StandardPolicies;
import dev.gatehouse.policy.ToolCatalog;
import dev.gatehouse.policy.ToolPins;
import dev.gatehouse.policy.ToolReview;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
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
    private final ExchangeHandler exchanges;
    private final ExecutorService executor;
    private final StandardPolicies policies;
    private final LimitCounters counters;

    /** {@code pins} holds the approved tool definitions; {@code counters} counts every bound hit. */
    public Gateway(GatewayConfig config, UpstreamFactory factory, JsonMapper mapper, InstantSource clock,
                   ExecutorService executor, ScheduledExecutorService scheduler, LimitCounters counters,
                   ToolPins pins) {
        this.mapper = mapper;
        this.executor = executor;
        this.counters = counters;
        this.sessions = new SessionRegistry(clock, config.gateway().maxSessions(),
                config.gateway().sessionIdleTimeout(), this::cleanUp);
        List<String> order = new ArrayList<>();
        order.add(GatewayConfig.BUILTIN_SERVER);
        config.servers().forEach(s -> order.add(s.name()));
        ResourceIndex resources = new ResourceIndex(order);
        ServerMessageRouter router = new ServerMessageRouter(tables, sessions, resources,
                new NotificationThrottle(clock, counters));
        this.registry = new UpstreamRegistry(config,
                new BuiltinUpstream(mapper, new DeferredDirectory(this::directory), executor),
                server -> factory.create(server, router));
        this.policies = new StandardPolicies(config, clock, counters,
                new ToolCatalog(new ToolListFetcher(mapper, registry, executor)), pins);
        this.exchanges = new ExchangeHandler(mapper, registry, new ListFanOut(mapper, executor), resources, tables,
                policies.chain(), counters, config.limits().maxPendingPerSession());
        scheduler.scheduleWithFixedDelay(this::evictIdleSessions, 1, 1, TimeUnit.MINUTES);
    }

    private UpstreamRegistry directory() {
        return registry;
    }

    /** Starts every server in the background. */
    public void start() {
        registry.startAll(executor);
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
     * that server's own answer.
     */
    public Initialized initialize(String endpoint, View view, Message.Request request) {
        ObjectNode params = request.params() == null ? mapper.createObjectNode() : request.params();
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asString(""));
        ObjectNode result = mapper.createObjectNode();
        result.put("protocolVersion", version);
        if (view.isSingle()) {
            ServerHandshake handshake = view.upstreams().getFirst().handshake();
            result.set("capabilities", handshake.capabilities());
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
        Session session = sessions.create(endpoint, version, objectOrNull(params.get("capabilities")),
                objectOrNull(params.get("clientInfo")));
        return new Initialized(session, Message.Response.success(request.id(), result));
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
        exchanges.handle(view, session, request, channel);
    }

    /** A client notification: cancellations reach the upstream, root changes reach every server of the view. */
    public void notification(View view, Session session, Message.Notification notification) {
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
                pending -> pending.upstream().reply(response.withId(pending.upstreamId())),
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
        for (Subscriptions.Key key : tables.subscriptions().keysOf(session)) {
            if (tables.subscriptions().remove(key, session)) {
                registry.upstream(key.server()).ifPresent(upstream -> unsubscribe(upstream, key.uri()));
            }
        }
        for (ServerRequests.Pending pending : tables.serverRequests().drain(session)) {
            pending.upstream().reply(Message.Response.failure(pending.upstreamId(),
                    new RpcError(RpcError.INTERNAL_ERROR, "The client session ended before answering")));
        }
    }

    private void unsubscribe(Upstream upstream, String uri) {
        ObjectNode params = mapper.createObjectNode();
        params.put("uri", uri);
        upstream.call(new Message.Request(RequestId.of(0), McpMethods.RESOURCES_UNSUBSCRIBE, params),
                registry.options(upstream.name()));
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
