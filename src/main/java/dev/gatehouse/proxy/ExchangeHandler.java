package dev.gatehouse.proxy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.routing.ListFanOut;
import dev.gatehouse.routing.ListKind;
import dev.gatehouse.routing.Namespace;
import dev.gatehouse.routing.ResourceIndex;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves one client request on one view: resolves which upstream it is for, rewrites names, progress tokens and
 * ids, sends it, and completes the request's channel with the answer exactly once. Server-initiated messages
 * that arrive meanwhile are routed by {@link ServerMessageRouter} using the tables shared with this class.
 */
public final class ExchangeHandler {

    private final JsonMapper mapper;
    private final UpstreamRegistry registry;
    private final ListFanOut fanOut;
    private final ResourceIndex resources;
    private final RoutingTables tables;
    private final MessageRedaction redaction;
    private final GatewayMetrics metrics;

    ExchangeHandler(JsonMapper mapper, UpstreamRegistry registry, ListFanOut fanOut, ResourceIndex resources,
                    RoutingTables tables, MessageRedaction redaction, GatewayMetrics metrics) {
        this.mapper = mapper;
        this.redaction = redaction;
        this.registry = registry;
        this.fanOut = fanOut;
        this.resources = resources;
        this.tables = tables;
        this.metrics = metrics;
    }

    public void handle(View view, Session session, Message.Request request, TracedExchange channel) {
        try {
            dispatch(view, session, request, channel);
        } catch (RuntimeException e) {
            complete(channel, Message.Response.failure(request.id(), Failures.toRpcError(e, request.method())));
        }
    }

    private void dispatch(View view, Session session, Message.Request request, TracedExchange channel) {
        ObjectNode params = request.params() == null ? mapper.createObjectNode() : request.params();
        switch (request.method()) {
            case McpMethods.PING -> answer(channel, request, mapper.createObjectNode());
            case McpMethods.INITIALIZE -> throw new ProtocolException(RpcError.INVALID_REQUEST,
                    "Invalid Request: the session is already initialized");
            case McpMethods.TOOLS_LIST, McpMethods.PROMPTS_LIST, McpMethods.RESOURCES_LIST,
                 McpMethods.RESOURCE_TEMPLATES_LIST -> list(view, session, request, channel);
            case McpMethods.TOOLS_CALL -> forward(named(view, params, "tool"), session, request, params, channel);
            case McpMethods.PROMPTS_GET -> forward(named(view, params, "prompt"), session, request, params, channel);
            case McpMethods.RESOURCES_READ -> forward(owner(view, uri(params)), session, request, params, channel);
            case McpMethods.RESOURCES_SUBSCRIBE -> subscribe(view, session, request, params, channel);
            case McpMethods.RESOURCES_UNSUBSCRIBE -> unsubscribe(view, session, request, params, channel);
            case McpMethods.COMPLETION_COMPLETE -> complete(view, session, request, params, channel);
            case McpMethods.LOGGING_SET_LEVEL -> setLevel(view, request, params, channel);
            default -> {
                if (!view.isSingle()) {
                    throw new ProtocolException(RpcError.METHOD_NOT_FOUND, "Method not found: " + request.method());
                }
                // A single-server endpoint is a transparent proxy: methods this gateway does not know still reach
                // the server, which answers for itself.
                forward(view.upstreams().getFirst(), session, request, params, channel);
            }
        }
    }

    private void list(View view, Session session, Message.Request request, TracedExchange channel) {
        if (view.isSingle()) {
            forward(view.upstreams().getFirst(), session, request, request.params(), channel);
            return;
        }
        ListKind kind = ListKind.forMethod(request.method());
        fanOut.list(view, kind, request.params(), resources).whenComplete((result, failure) ->
                complete(channel, failure == null
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

    /** The server owning a resource URI; on a miss the resource lists are refreshed once before giving up. */
    private Upstream owner(View view, String uri) {
        if (view.isSingle()) {
            return view.upstreams().getFirst();
        }
        String server = resources.owner(uri).orElseGet(() -> {
            fanOut.list(view, ListKind.RESOURCES, null, resources).join();
            fanOut.list(view, ListKind.RESOURCE_TEMPLATES, null, resources).join();
            return resources.owner(uri).orElseThrow(() -> new ProtocolException(
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
                           TracedExchange channel) {
        String uri = uri(params);
        Upstream upstream = owner(view, uri);
        Subscriptions.Key key = new Subscriptions.Key(upstream.name(), uri);
        session.subscriptions().add(uri);
        if (!tables.subscriptions().add(key, session)) {
            answer(channel, request, mapper.createObjectNode());
            return;
        }
        forward(upstream, session, request, params, channel).whenComplete((response, failure) -> {
            if (failure != null || response.isError()) {
                tables.subscriptions().remove(key, session);
            }
        });
    }

    private void unsubscribe(View view, Session session, Message.Request request, ObjectNode params,
                             TracedExchange channel) {
        String uri = uri(params);
        Upstream upstream = owner(view, uri);
        session.subscriptions().remove(uri);
        if (tables.subscriptions().remove(new Subscriptions.Key(upstream.name(), uri), session)) {
            forward(upstream, session, request, params, channel);
        } else {
            answer(channel, request, mapper.createObjectNode());
        }
    }

    private void complete(View view, Session session, Message.Request request, ObjectNode params,
                          TracedExchange channel) {
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
        forward(upstream, session, request, params, channel);
    }

    /** Sets the level on every server of the view that logs; the answer waits for all of them. */
    private void setLevel(View view, Message.Request request, ObjectNode params, TracedExchange channel) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (Upstream upstream : view.upstreams()) {
            if (upstream.handshake().hasCapability("logging")) {
                calls.add(upstream.call(request.withParams(params.deepCopy()), registry.options(upstream.name()))
                        .response());
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) ->
                complete(channel, failure == null
                        ? Message.Response.success(request.id(), mapper.createObjectNode())
                        : Message.Response.failure(request.id(), Failures.toRpcError(failure, request.method()))));
    }

    /**
     * Sends the request to one upstream under a gateway progress token and completes the channel with the
     * answer, addressed back to the client's id. The returned future completes with that answer.
     */
    private CompletableFuture<Message.Response> forward(Upstream upstream, Session session, Message.Request request,
                                                        ObjectNode params, TracedExchange channel) {
        long started = metrics.startTime();
        registry.markUsed(upstream.name());
        // The session slot is taken first: a session over its bound costs the server nothing, and a cancellation
        // that arrives while the server is still starting is not lost.
        AtomicReference<PendingCall> sent = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        if (!session.trackInFlight(request.id(), () -> {
            cancelled.set(true);
            PendingCall pending = sent.get();
            if (pending != null) {
                pending.cancel("cancelled by the client");
            }
        })) {
            throw new GatewayFailure.LimitExceeded("requests in flight on one session", session.inFlight());
        }
        channel.routedTo(upstream.name());
        ActiveCall call = new ActiveCall(session, channel.channel(), upstream.name());
        JsonNode gatewayToken = null;
        PendingCall pending;
        try {
            upstream.handshake();
            if (cancelled.get()) {
                throw new CancellationException("cancelled by the client before it was sent");
            }
            gatewayToken = bindProgress(call, params);
            tables.activeCalls().add(call);
            pending = upstream.call(request.withParams(params), registry.options(upstream.name()));
        } catch (RuntimeException e) {
            release(session, request, call, gatewayToken);
            metrics.request(upstream.name(), request.method(), "failure", started);
            throw e;
        }
        sent.set(pending);
        if (cancelled.get()) {
            pending.cancel("cancelled by the client");
        }
        JsonNode token = gatewayToken;
        return pending.response().whenComplete((response, failure) -> {
            release(session, request, call, token);
            metrics.request(upstream.name(), request.method(),
                    failure != null ? "failure" : response.isError() ? "error" : "ok", started);
            complete(channel, failure == null
                    ? response.withId(request.id())
                    : Message.Response.failure(request.id(), Failures.toRpcError(failure, request.method())));
        });
    }

    private void release(Session session, Message.Request request, ActiveCall call, JsonNode gatewayToken) {
        tables.activeCalls().remove(call);
        tables.progress().release(gatewayToken);
        session.untrackInFlight(request.id());
    }

    private JsonNode bindProgress(ActiveCall call, ObjectNode params) {
        if (params == null || !(params.get("_meta") instanceof ObjectNode meta)) {
            return null;
        }
        JsonNode clientToken = meta.get("progressToken");
        if (clientToken == null || clientToken.isNull()) {
            return null;
        }
        JsonNode gatewayToken = tables.progress().bind(call, clientToken);
        meta.set("progressToken", gatewayToken);
        return gatewayToken;
    }

    private void answer(TracedExchange channel, Message.Request request, JsonNode result) {
        complete(channel, Message.Response.success(request.id(), result));
    }

    /**
     * Every answer leaves through here: past the redactor (an upstream echoing a vault value must not reach a
     * model), then to the capture and the client.
     */
    private void complete(TracedExchange channel, Message.Response response) {
        channel.complete(redaction.response(response));
    }
}
