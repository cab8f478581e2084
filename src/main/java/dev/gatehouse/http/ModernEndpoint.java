package dev.gatehouse.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.HttpRequestFacts;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP 2026-07-28 on the same URLs as the legacy era: no session, every request self-contained. It checks that the
 * headers agree with the body, answers {@code server/discover}, runs other requests through the gateway in a
 * request-scoped context (the stream is the request: closing it cancels the call upstream), and serves
 * {@code subscriptions/listen}. Results get {@code resultType} and the caching hints the era requires.
 */
final class ModernEndpoint {

    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    private static final Map<String, String> NAME_PARAMETER = Map.of(McpMethods.TOOLS_CALL, "name",
            McpMethods.PROMPTS_GET, "name", McpMethods.RESOURCES_READ, "uri", Tasks.GET, "taskId",
            Tasks.UPDATE, "taskId", Tasks.CANCEL, "taskId");
    private static final Map<String, String> CAPABILITY_OF = Map.of(
            McpMethods.TOOLS_LIST, "tools", McpMethods.TOOLS_CALL, "tools",
            McpMethods.PROMPTS_LIST, "prompts", McpMethods.PROMPTS_GET, "prompts",
            McpMethods.RESOURCES_LIST, "resources", McpMethods.RESOURCE_TEMPLATES_LIST, "resources",
            McpMethods.RESOURCES_READ, "resources", McpMethods.COMPLETION_COMPLETE, "completions");
    private static final Set<String> CACHEABLE = Set.of(McpMethods.TOOLS_LIST, McpMethods.PROMPTS_LIST,
            McpMethods.RESOURCES_LIST, McpMethods.RESOURCE_TEMPLATES_LIST, McpMethods.RESOURCES_READ);

    private final Gateway gateway;
    private final JsonRpcCodec codec;
    private final HttpReplies replies;
    private final ModernStreams streams;

    ModernEndpoint(Gateway gateway, JsonRpcCodec codec, HttpReplies replies) {
        this.gateway = gateway;
        this.codec = codec;
        this.replies = replies;
        this.streams = new ModernStreams(gateway, codec, replies);
    }

    /**
     * Whether a POST is modern: it carries no session, and either its version header names no legacy revision or
     * its {@code _meta} carries a protocol version. A legacy client's {@code initialize} has neither.
     */
    static boolean applies(Request request, Message message) {
        if (request.getHeaders().get(McpEndpoint.SESSION_HEADER) != null) {
            return false;
        }
        String header = request.getHeaders().get(McpEndpoint.VERSION_HEADER);
        if (header != null && ProtocolVersions.isSupported(header.strip())) {
            return false;
        }
        ObjectNode params = switch (message) {
            case Message.Request r -> r.params();
            case Message.Notification n -> n.params();
            case Message.Response ignored -> null;
        };
        ObjectNode meta = ModernEra.meta(params);
        return header != null || (meta != null && meta.has(ModernEra.META_PROTOCOL_VERSION));
    }

    void serve(String endpoint, View view, Request request, Message message, Response response) throws IOException {
        if (!(message instanceof Message.Request call)) {
            if (message instanceof Message.Notification) {
                replies.empty(response, 202);
            } else {
                replies.error(response, 400, RpcError.INVALID_REQUEST,
                        "Invalid Request: a " + ModernEra.VERSION + " client sends no responses");
            }
            return;
        }
        ObjectNode params = call.params() == null ? codec.mapper().createObjectNode() : call.params();
        ObjectNode meta = ModernEra.meta(params);
        RpcError invalid = check(request, call, params, meta);
        if (invalid != null) {
            replies.error(response, 400, invalid, call.id());
            return;
        }
        RpcError paramHeaders = paramHeaders(view, request, call, params);
        if (paramHeaders != null) {
            replies.error(response, 400, paramHeaders, call.id());
            return;
        }
        if (ModernEra.REMOVED_METHODS.contains(call.method())) {
            notFound(response, call, call.method() + " does not exist in " + ModernEra.VERSION);
            return;
        }
        if (call.method().equals(ModernEra.DISCOVER)) {
            replies.message(response, 200, gateway.discover(view, call.id()));
            return;
        }
        Session context;
        ObjectNode declared = object(meta.get(ModernEra.META_CLIENT_CAPABILITIES));
        ObjectNode clientInfo = object(meta.get(ModernEra.META_CLIENT_INFO));
        try {
            context = call.method().equals(ModernEra.SUBSCRIPTIONS_LISTEN)
                    ? gateway.sessions().forModernSubscription(endpoint, ModernEra.VERSION, declared, clientInfo)
                    : gateway.sessions().forModernRequest(endpoint, ModernEra.VERSION, declared, clientInfo,
                            principal(request));
        } catch (GatewayFailure.LimitExceeded e) {
            replies.error(response, 503, e.toRpcError(), call.id());
            return;
        }
        if (call.method().equals(ModernEra.SUBSCRIPTIONS_LISTEN)) {
            streams.listen(view, context, call, params, response);
            return;
        }
        String capability = CAPABILITY_OF.get(call.method());
        boolean offered;
        try {
            offered = Tasks.MODERN_METHODS.contains(call.method()) ? gateway.offersTasks(view)
                    : capability != null && gateway.offers(view, capability);
        } catch (GatewayFailure unavailable) {
            // A server that cannot start is the server's failure, told as an answer, not the plane's.
            replies.message(response, 200, Message.Response.failure(call.id(), unavailable.toRpcError()));
            return;
        }
        if (!offered) {
            notFound(response, call, "Method not found: " + call.method());
            return;
        }
        ExchangeChannel channel = new ExchangeChannel();
        HttpRequestFacts facts = McpEndpoint.facts(gateway, request);
        gateway.request(view, context, call, channel, facts);
        try {
            streams.answer(context, call, meta.path(ModernEra.META_LOG_LEVEL).asString(null), channel, response,
                    result -> decorate(call.method(), result), facts.reply());
        } finally {
            McpEndpoint.released(facts);
        }
    }

    /** The first problem with a modern request's metadata and headers, or null. */
    private static RpcError check(Request request, Message.Request call, ObjectNode params, ObjectNode meta) {
        if (meta == null || !meta.path(ModernEra.META_PROTOCOL_VERSION).isString()
                || !meta.path(ModernEra.META_CLIENT_CAPABILITIES).isObject()) {
            return new RpcError(RpcError.INVALID_PARAMS, "Invalid params: _meta must carry "
                    + ModernEra.META_PROTOCOL_VERSION + " and " + ModernEra.META_CLIENT_CAPABILITIES);
        }
        String version = meta.get(ModernEra.META_PROTOCOL_VERSION).stringValue();
        String header = headerValue(request, McpEndpoint.VERSION_HEADER);
        if (!version.equals(header)) {
            return mismatch(McpEndpoint.VERSION_HEADER + " must equal the request's protocol version");
        }
        if (!version.equals(ModernEra.VERSION)) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.putArray("supported").add(ModernEra.VERSION);
            data.put("requested", version);
            return new RpcError(ModernEra.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: " + version,
                    data);
        }
        if (!call.method().equals(headerValue(request, METHOD_HEADER))) {
            return mismatch(METHOD_HEADER + " must equal the request's method");
        }
        String nameParameter = NAME_PARAMETER.get(call.method());
        if (nameParameter != null) {
            JsonNode name = params.get(nameParameter);
            if (name == null || !name.isString() || !name.stringValue().equals(headerValue(request, NAME_HEADER))) {
                return mismatch(NAME_HEADER + " must equal the request's " + nameParameter);
            }
        }
        return null;
    }

    /**
     * Who the plane admitted: a digest of the bearer token it accepted, else the local user (the only one it lets
     * in without one). State handed to this caller is bound to it.
     */
    private static String principal(Request request) {
        var values = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (values.size() != 1) {
            return "local-user";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(values.getFirst().strip().getBytes(StandardCharsets.UTF_8));
            return "bearer:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** For a {@code tools/call}: whether its {@code Mcp-Param-*} headers agree with the tool's arguments. */
    private RpcError paramHeaders(View view, Request request, Message.Request call, ObjectNode params) {
        if (!call.method().equals(McpMethods.TOOLS_CALL) || !params.path("name").isString()) {
            return null;
        }
        return view.namespace().resolve(params.get("name").stringValue())
                .filter(target -> view.upstream(target.server()).isPresent())
                .flatMap(target -> gateway.toolReview().listed(target.server(), target.name()))
                .map(tool -> ParamHeaderCheck.check(request.getHeaders()::getValuesList, object(tool.get("inputSchema")), params.get("arguments")))
                .orElse(null);
    }

    private static RpcError mismatch(String why) {
        return new RpcError(ModernEra.HEADER_MISMATCH, "Header mismatch: " + why);
    }

    /** A header's value, trimmed, with the {@code =?base64?…?=} form for unsafe values decoded; null if absent. */
    static String headerValue(Request request, String name) {
        var values = request.getHeaders().getValuesList(name);
        if (values.size() != 1) {
            return null;
        }
        String value = values.getFirst().strip();
        if (value.startsWith("=?base64?") && value.endsWith("?=")) {
            try {
                return new String(Base64.getDecoder().decode(value.substring(9, value.length() - 2)),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return value;
    }

    private void notFound(Response response, Message.Request call, String message) throws IOException {
        replies.error(response, 404, new RpcError(RpcError.METHOD_NOT_FOUND, message), call.id());
    }

    /** Adds what every modern result carries: its type, caching hints where required, and the server's name. */
    private ObjectNode decorate(String method, ObjectNode result) {
        if (!result.has("resultType")) {
            result.put("resultType", "complete");
        }
        if (CACHEABLE.contains(method)) {
            if (!result.has("ttlMs")) {
                result.put("ttlMs", 0);
            }
            if (!result.has("cacheScope")) {
                result.put("cacheScope", "private");
            }
        }
        ObjectNode meta = result.get("_meta") instanceof ObjectNode existing ? existing : result.putObject("_meta");
        if (!meta.has(ModernEra.META_SERVER_INFO)) {
            meta.putObject(ModernEra.META_SERVER_INFO).put("name", dev.gatehouse.ClientIdentity.NAME)
                    .put("version", dev.gatehouse.ClientIdentity.VERSION);
        }
        return result;
    }

    private static ObjectNode object(JsonNode node) {
        return node instanceof ObjectNode object ? object : null;
    }
}
