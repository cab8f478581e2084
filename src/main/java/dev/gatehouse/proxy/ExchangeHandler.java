package dev.gatehouse.proxy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.Upstream;
import dev.gatehouse.policy.PolicyCall;
import dev.gatehouse.policy.PolicyChain;
import dev.gatehouse.policy.ToolTarget;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.routing.ListFanOut;
import dev.gatehouse.routing.ListKind;
import dev.gatehouse.routing.Namespace;
import dev.gatehouse.routing.ResourceIndex;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves one client request on one view: passes it through the policy chain, resolves which upstream it is for,
 * rewrites names, has {@link CallForwarder} send it, and completes the request's channel with the answer exactly
 * once. Server-initiated messages that arrive meanwhile are routed by {@link ServerMessageRouter} using the tables
 * shared with this class.
 */
public final class ExchangeHandler {

    private final JsonMapper mapper;
    private final UpstreamRegistry registry;
    private final ListFanOut fanOut;
    private final ResourceIndex resources;
    private final RoutingTables tables;
    private final MessageRedaction redaction;
    private final PolicyChain policies;
    private final LegacyLogLevels logLevels = new LegacyLogLevels();
    private final CallForwarder forwarder;

    ExchangeHandler(JsonMapper mapper, UpstreamRegistry registry, ListFanOut fanOut, ResourceIndex resources,
                    RoutingTables tables, MessageRedaction redaction, GatewayMetrics metrics, PolicyChain policies,
                    LimitCounters counters, int maxPendingPerSession, InputRequests inputRequests, TrafficTap tap) {
        this.mapper = mapper;
        this.redaction = redaction;
        this.registry = registry;
        this.fanOut = fanOut;
        this.resources = resources;
        this.tables = tables;
        this.policies = policies;
        this.forwarder = new CallForwarder(registry, tables, metrics, counters, maxPendingPerSession, inputRequests,
                logLevels, tap);
    }

    /**
     * The one place the policy chain is hooked in: every client request passes it before routing, in the order
     * {@code StandardPolicies} sets (rate limit, allow/deny, pins, argument validation), and its answer passes it
     * back in reverse. Whatever fails on the way, a policy or routing, becomes the request's error answer.
     */
    public void handle(View view, Session session, Message.Request request, TracedExchange channel) {
        PolicyCall call = new PolicyCall(budget(session), request, toolTarget(view, request),
                shown -> target(view, shown));
        CompletableFuture<Message.Response> answer;
        try {
            answer = policies.run(call, admitted -> dispatch(view, session, admitted.request(), channel));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> complete(channel, SignInAnswers.forClient(session, request,
                failure == null ? response
                        : Message.Response.failure(request.id(), Failures.toRpcError(failure, request.method())))));
    }

    /**
     * Whose rate budget a request spends. A legacy session is its own. A modern-era request has no session (its
     * context lives for that one request) and only a self-declared client name, so the modern requests through one
     * endpoint share one budget: with a budget each, every request would start with a full bucket and no modern
     * client could ever be limited.
     */
    private static String budget(Session session) {
        return session.isModern() ? "modern " + session.endpoint() : session.id();
    }

    /** The tool a {@code tools/call} names, when its name resolves to a server of the view. */
    private static ToolTarget toolTarget(View view, Message.Request request) {
        if (!request.method().equals(McpMethods.TOOLS_CALL) || request.params() == null
                || !request.params().path("name").isString()) {
            return null;
        }
        return target(view, request.params().get("name").stringValue()).orElse(null);
    }

    private static Optional<ToolTarget> target(View view, String shown) {
        return view.namespace().resolve(shown)
                .filter(target -> view.upstream(target.server()).isPresent())
                .map(target -> new ToolTarget(target.server(), target.name(), shown));
    }

    /** Routes an admitted request; the future completes with its answer (routing failures complete it too). */
    private CompletableFuture<Message.Response> dispatch(View view, Session session, Message.Request request,
                                                         TracedExchange channel) {
        CompletableFuture<Message.Response> answer = new CompletableFuture<>();
        try {
            route(view, session, request, channel, answer);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    private void route(View view, Session session, Message.Request request, TracedExchange channel,
                       CompletableFuture<Message.Response> answer) {
        ObjectNode params = request.params() == null ? mapper.createObjectNode() : request.params();
        switch (request.method()) {
            case McpMethods.PING -> answer(answer, request, mapper.createObjectNode());
            case McpMethods.INITIALIZE -> throw new ProtocolException(RpcError.INVALID_REQUEST,
                    "Invalid Request: the session is already initialized");
            case McpMethods.TOOLS_LIST, McpMethods.PROMPTS_LIST, McpMethods.RESOURCES_LIST,
                 McpMethods.RESOURCE_TEMPLATES_LIST -> list(view, session, request, channel, answer);
            case McpMethods.TOOLS_CALL -> {
                Upstream upstream = named(view, params, "tool");
                forwarder.forward(upstream, session, request, params, channel,
                        TaskRoutes.presented(view, upstream, session, tables.tasks(), tables.taskResults(), answer));
            }
            case Tasks.GET, Tasks.UPDATE, Tasks.CANCEL, Tasks.RESULT -> {
                Upstream upstream = TaskRoutes.owner(view, session, tables.tasks(), request.method(), params);
                forwarder.forward(upstream, session, request, params, channel,
                        TaskRoutes.presented(view, upstream, session, tables.tasks(), tables.taskResults(), answer));
            }
            case Tasks.LIST ->
                    list(view, session, request, channel, TaskRoutes.ownOnly(view, session, tables.tasks(), answer));
            case McpMethods.PROMPTS_GET ->
                    forwarder.forward(named(view, params, "prompt"), session, request, params, channel, answer);
            case McpMethods.RESOURCES_READ ->
                    forwarder.forward(owner(view, uri(params)), session, request, params, channel, answer);
            case McpMethods.RESOURCES_SUBSCRIBE -> subscribe(view, session, request, params, channel, answer);
            case McpMethods.RESOURCES_UNSUBSCRIBE -> unsubscribe(view, session, request, params, channel, answer);
            case McpMethods.COMPLETION_COMPLETE -> complete(view, session, request, params, channel, answer);
            case McpMethods.LOGGING_SET_LEVEL -> setLevel(view, request, params, answer);
            default -> {
                if (!view.isSingle()) {
                    throw new ProtocolException(RpcError.METHOD_NOT_FOUND, "Method not found: " + request.method());
                }
                // A single-server endpoint is a transparent proxy: methods this gateway does not know still reach
                // the server, which answers for itself.
                forwarder.forward(view.upstreams().getFirst(), session, request, params, channel, answer);
            }
        }
    }

    private void list(View view, Session session, Message.Request request, TracedExchange channel,
                      CompletableFuture<Message.Response> answer) {
        if (view.isSingle()) {
            forwarder.forward(view.upstreams().getFirst(), session, request, request.params(), channel, answer);
            return;
        }
        ListKind kind = ListKind.forMethod(request.method());
        fanOut.list(view, kind, request.params(), resources).whenComplete((result, failure) ->
                answer.complete(failure == null
                        ? Message.Response.success(request.id(), result)
                        : Message.Response.failure(request.id(), Failures.toRpcError(failure, request.method()))));
    }

    /** Resolves a tool or prompt name and rewrites it to the server's own name. */
    private Upstream named(View view, ObjectNode params, String kind) {
        JsonNode name = params.get("name");
        if (name == null || !name.isString()) {
            throw new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: \"name\" must be a string");
        }
        Namespace.Target target = view.namespace().resolve(name.stringValue())
                .orElseThrow(() -> new GatewayFailure.UnknownTarget(kind, name.stringValue()));
        Upstream upstream = view.upstream(target.server())
                .orElseThrow(() -> new GatewayFailure.UnknownTarget(kind, name.stringValue()));
        params.put("name", target.name());
        return upstream;
    }

    private static String uri(ObjectNode params) {
        JsonNode uri = params.get("uri");
        if (uri == null || !uri.isString()) {
            throw new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: \"uri\" must be a string");
        }
        return uri.stringValue();
    }

    /**
     * The server of the view owning a resource URI; on a miss the resource lists are refreshed once before giving
     * up. A resource of a server outside the view (a profile's) is not found, exactly as an unknown one.
     */
    private Upstream owner(View view, String uri) {
        if (view.isSingle()) {
            return view.upstreams().getFirst();
        }
        Predicate<String> shown = server -> view.upstream(server).isPresent();
        String server = resources.owner(uri, shown).orElseGet(() -> {
            fanOut.list(view, ListKind.RESOURCES, null, resources).join();
            fanOut.list(view, ListKind.RESOURCE_TEMPLATES, null, resources).join();
            return resources.owner(uri, shown).orElseThrow(() -> new ProtocolException(
                    new RpcError(RpcError.RESOURCE_NOT_FOUND, "Resource not found", uriData(uri)), null));
        });
        return view.upstream(server).orElseThrow(() -> new GatewayFailure.UnknownTarget("resource", uri));
    }

    private JsonNode uriData(String uri) {
        ObjectNode data = mapper.createObjectNode();
        data.put("uri", uri);
        return data;
    }

    private void subscribe(View view, Session session, Message.Request request, ObjectNode params,
                           TracedExchange channel, CompletableFuture<Message.Response> answer) {
        String uri = uri(params);
        Upstream upstream = owner(view, uri);
        Subscriptions.Key key = new Subscriptions.Key(upstream.name(), uri);
        Subscriptions.Joined joined = tables.subscriptions().add(key, session);
        if (!joined.first()) {
            channel.routedTo(upstream.name());
            joined.upstream().whenComplete((response, failure) -> answer.complete(failure == null
                    ? response.withId(request.id())
                    : Message.Response.failure(request.id(), Failures.toRpcError(failure, request.method()))));
            return;
        }
        try {
            forwarder.forward(upstream, session, request, params, channel, answer).whenComplete((response, failure) ->
                    tables.subscriptions().settle(key, joined, response, failure));
        } catch (RuntimeException refused) {
            tables.subscriptions().settle(key, joined, null, refused);
            throw refused;
        }
    }

    private void unsubscribe(View view, Session session, Message.Request request, ObjectNode params,
                             TracedExchange channel, CompletableFuture<Message.Response> answer) {
        String uri = uri(params);
        Upstream upstream = owner(view, uri);
        if (tables.subscriptions().remove(new Subscriptions.Key(upstream.name(), uri), session)) {
            forwarder.forward(upstream, session, request, params, channel, answer);
        } else {
            answer(answer, request, mapper.createObjectNode());
        }
    }

    private void complete(View view, Session session, Message.Request request, ObjectNode params,
                          TracedExchange channel, CompletableFuture<Message.Response> answer) {
        JsonNode ref = params.get("ref");
        if (!(ref instanceof ObjectNode refObject)) {
            throw new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: \"ref\" must be an object");
        }
        Upstream upstream = switch (refObject.path("type").asString("")) {
            case "ref/prompt" -> named(view, refObject, "prompt");
            case "ref/resource" -> owner(view, uri(refObject));
            default -> throw new ProtocolException(RpcError.INVALID_PARAMS,
                    "Invalid params: \"ref.type\" must be \"ref/prompt\" or \"ref/resource\"");
        };
        forwarder.forward(upstream, session, request, params, channel, answer);
    }

    /** Sets the level on every server of the view that logs; the answer waits for all of them. */
    private void setLevel(View view, Message.Request request, ObjectNode params,
                          CompletableFuture<Message.Response> answer) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (Upstream upstream : view.upstreams()) {
            if (upstream.handshake().hasCapability("logging")) {
                logLevels.setBy(upstream.name(), params.path("level").asString(""));
                calls.add(upstream.call(request.withParams(params.deepCopy()), registry.options(upstream.name()))
                        .response());
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) ->
                answer.complete(failure == null
                        ? Message.Response.success(request.id(), mapper.createObjectNode())
                        : Message.Response.failure(request.id(), Failures.toRpcError(failure, request.method()))));
    }

    private static void answer(CompletableFuture<Message.Response> answer, Message.Request request,
                               JsonNode result) {
        answer.complete(Message.Response.success(request.id(), result));
    }

    /**
     * Every answer leaves through here: past the redactor (an upstream echoing a vault value must not reach a
     * model), then to the capture and the client.
     */
    private void complete(TracedExchange channel, Message.Response response) {
        channel.complete(redaction.response(response));
    }
}
