package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.upstream.LegacyHandshake;
import dev.gatehouse.upstream.PendingCalls;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A modern-era (2026-07-28) server over Streamable HTTP: no session, every request self-contained (see
 * {@link ModernRequests}), answers as JSON or as a request-scoped event stream whose closing is the cancellation.
 * Results pass through as the server wrote them, {@code resultType} and {@code input_required} included; only a
 * {@code tools/list} result loses the tools whose {@code x-mcp-header} annotations are invalid.
 */
final class ModernConnection implements RemoteConnection {

    private static final Logger log = LoggerFactory.getLogger(ModernConnection.class);

    private final RemoteContext context;
    private final URI url;
    private final ToolHeaderRules toolHeaders;
    private volatile ServerHandshake handshake;
    private volatile ModernListen listen;
    /** The level a legacy client set with {@code logging/setLevel}, sent with every request from then on. */
    private volatile String logLevel;

    private ModernConnection(RemoteContext context) {
        this.context = context;
        this.url = context.endpoint().url();
        this.toolHeaders = new ToolHeaderRules(context.server());
    }

    /**
     * Tries {@code server/discover}. Present when the server speaks this era; empty when the answer is anything but
     * a discover result or a recognised modern error, so the caller falls back to {@code initialize} (never keyed on
     * one status or error code). An unsupported-version error naming this era is retried once, as the spec asks;
     * a modern server that cannot be spoken to fails with the reason.
     */
    static Optional<ModernConnection> discover(RemoteContext context) {
        ModernConnection connection = new ModernConnection(context);
        for (int attempt = 0; attempt < 2; attempt++) {
            Message.Response answer;
            try {
                answer = context.exchange(new Message.Request(RequestId.of(0), ModernRequests.SERVER_DISCOVER, null),
                        (call, request) -> connection.exchange(call, request, context.timeout(), true));
            } catch (GatewayFailure failure) {
                // Unreachable, timed out, refused, garbage: all mean "not modern here". If the server cannot be
                // reached at all, the legacy handshake that follows says so.
                log.debug("Server {}: server/discover failed ({}); trying the legacy handshake", context.server(),
                        failure.getMessage());
                return Optional.empty();
            }
            if (!answer.isError()) {
                return connection.accept(answer.result());
            }
            int code = answer.error().code();
            if (code == ModernRequests.UNSUPPORTED_PROTOCOL_VERSION) {
                List<String> supported = strings(answer.error().data() == null ? null
                        : answer.error().data().get("supported"));
                if (supported.contains(ModernRequests.VERSION) && attempt == 0) {
                    continue;
                }
                if (supported.stream().noneMatch(ProtocolVersions::isSupported)) {
                    throw context.unavailable("it speaks only protocol versions " + printable(supported)
                            + ", and the gateway speaks " + ModernRequests.VERSION + " and "
                            + String.join(", ", ProtocolVersions.SUPPORTED));
                }
                return Optional.empty();
            }
            if (code == ModernRequests.MISSING_CLIENT_CAPABILITY || code == ModernRequests.HEADER_MISMATCH) {
                throw context.unavailable("it refused server/discover with error " + code);
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Optional<ModernConnection> accept(JsonNode result) {
        if (!(result instanceof ObjectNode object) || !object.path("supportedVersions").isArray()) {
            return Optional.empty();
        }
        if (!strings(object.get("supportedVersions")).contains(ModernRequests.VERSION)) {
            log.info("Server {} answered server/discover without {} among its versions; trying the legacy"
                    + " handshake", context.server(), ModernRequests.VERSION);
            return Optional.empty();
        }
        JsonNode info = object.path("_meta").path(ModernRequests.META_SERVER_INFO);
        if (!info.isObject()) {
            info = object.path("serverInfo");
        }
        JsonNode instructions = object.path("instructions");
        handshake = new ServerHandshake(ModernRequests.VERSION,
                object.get("capabilities") instanceof ObjectNode c ? c : JsonNodeFactory.instance.objectNode(),
                info instanceof ObjectNode i ? i : JsonNodeFactory.instance.objectNode(),
                instructions.isString() ? instructions.stringValue() : null);
        listen = new ModernListen(context, this, handshake);
        return Optional.of(this);
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public String transport() {
        return "streamable-http";
    }

    @Override
    public void opened() {
        listen.start();
    }

    @Override
    public void send(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew) {
        Message.Response local = answeredHere(request);
        if (local != null) {
            context.inbound().accept(local.withId(RequestId.of(call.id())), this);
            return;
        }
        context.inBackground(call, () -> exchange(call, request, timeout, true));
    }

    /**
     * The legacy requests this era replaced, answered by the gateway: {@code ping} (a modern server has none),
     * {@code logging/setLevel} (kept, and sent as every later request's log level), and resource subscriptions
     * (kept in this server's {@code subscriptions/listen} filter). Null for every other request.
     */
    private Message.Response answeredHere(Message.Request request) {
        JsonNode params = request.params() == null ? JsonNodeFactory.instance.objectNode() : request.params();
        RequestId id = request.id();
        return switch (request.method()) {
            case McpMethods.PING -> Message.Response.success(id, JsonNodeFactory.instance.objectNode());
            case McpMethods.LOGGING_SET_LEVEL -> {
                if (!params.path("level").isString()) {
                    yield invalid(id, "\"level\" must be a string");
                }
                logLevel = params.path("level").stringValue();
                yield Message.Response.success(id, JsonNodeFactory.instance.objectNode());
            }
            case McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE -> {
                if (!params.path("uri").isString()) {
                    yield invalid(id, "\"uri\" must be a string");
                }
                if (McpMethods.RESOURCES_SUBSCRIBE.equals(request.method())) {
                    listen.subscribe(params.path("uri").stringValue());
                } else {
                    listen.unsubscribe(params.path("uri").stringValue());
                }
                yield Message.Response.success(id, JsonNodeFactory.instance.objectNode());
            }
            default -> null;
        };
    }

    private static Message.Response invalid(RequestId id, String why) {
        return Message.Response.failure(id, new RpcError(RpcError.INVALID_PARAMS, "Invalid params: " + why));
    }

    private void exchange(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRetry) {
        Message.Request stamped = ModernRequests.stamp(request.withId(RequestId.of(call.id())),
                context.options().clientCapabilities(), logLevel);
        Request post = context.post(url, stamped, timeout).headers(headers -> {
            ModernRequests.standardHeaders(stamped).forEach(headers::put);
            if (McpMethods.TOOLS_CALL.equals(stamped.method())) {
                toolHeaders.headersFor(stamped.params().path("name").asString(""),
                        stamped.params().get("arguments")).forEach(headers::put);
            }
        });
        // Closing the request's stream is how this era cancels: whatever ends the call ends the stream.
        call.response().whenComplete((response, failure) -> HttpExchange.abort(post));
        HttpExchange exchange = HttpExchange.open(context.server(), request.method(), post, timeout);
        if (mayRetry && context.renewedAfterRefusal(exchange, post, request.method())) {
            exchange(call, request, timeout, false);
            return;
        }
        UnaryOperator<Message.Response> transform = McpMethods.TOOLS_LIST.equals(request.method())
                ? response -> response.isError() ? response
                        : Message.Response.success(response.id(), toolHeaders.acceptToolsList(response.result()))
                : UnaryOperator.identity();
        EventStream stream = new EventStream(context.server(), context.options().maxMessageBytes(),
                context.options().defaultRetry());
        if (Answers.read(context, this, call, request.method(), exchange, stream, transform, false)
                == Answers.Ending.STREAM_ENDED) {
            throw context.unavailable("it closed the stream before answering " + request.method());
        }
    }

    /** Modern servers take no notifications and send no requests over HTTP, so nothing is posted. */
    @Override
    public void post(Message message) {
        log.debug("Server {} speaks {}: not sending {}", context.server(), ModernRequests.VERSION,
                RemoteContext.describe(message));
    }

    /** Nothing to send: ending the call has already closed its stream, which is this era's cancellation. */
    @Override
    public void cancelled(long upstreamId, String reason) {
        log.debug("Server {}: call {} cancelled ({}) by closing its stream", context.server(), upstreamId, reason);
    }

    /** Modern servers keep no session: only the listen stream, if open, is closed. */
    @Override
    public void close() {
        if (listen != null) {
            listen.close();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.values().forEach(value -> {
                if (value.isString()) {
                    values.add(value.stringValue());
                }
            });
        }
        return values;
    }

    private static String printable(List<String> versions) {
        return versions.stream().limit(8).map(v -> LegacyHandshake.printable(JsonNodeFactory.instance.stringNode(v)))
                .toList().toString();
    }
}
