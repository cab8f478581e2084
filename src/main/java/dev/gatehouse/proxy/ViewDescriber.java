package dev.gatehouse.proxy;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.Session;
import dev.gatehouse.session.SessionRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the requests that describe a view: {@code initialize} (which opens or adopts the session) and the
 * modern-era {@code server/discover}. The aggregate view describes the gateway; a single-server view shows that
 * server's own answer.
 */
final class ViewDescriber {

    private final JsonMapper mapper;
    private final SessionRegistry sessions;
    private final MessageRedaction redaction;
    private final TrafficTap tap;

    ViewDescriber(JsonMapper mapper, SessionRegistry sessions, MessageRedaction redaction, TrafficTap tap) {
        this.mapper = mapper;
        this.sessions = sessions;
        this.redaction = redaction;
        this.tap = tap;
    }

    /** Answers {@code initialize} with a new session; {@code http} is for the capture (null: not HTTP). */
    Gateway.Initialized initialize(String endpoint, View view, Message.Request request, HttpRequestFacts http) {
        long startNanos = System.nanoTime();
        ObjectNode params = paramsOf(request);
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asString(""));
        ObjectNode result = describe(view, version, Session.declaresUrlElicitation(params.get("capabilities")));
        Session session = sessions.create(endpoint, version, objectOrNull(params.get("capabilities")),
                objectOrNull(params.get("clientInfo")));
        // A single server's instructions and info are its own text, redacted like any answer.
        Message.Response response = redaction.response(Message.Response.success(request.id(), result));
        tap.sessionStarted(session, TrafficTap.STREAMABLE_HTTP);
        tap.clientExchange(session, TrafficTap.server(view), request, response, startNanos, http);
        return new Gateway.Initialized(session, response);
    }

    /** Answers {@code initialize} on a session that already exists (the deprecated HTTP+SSE transport). */
    Message.Response initialize(Session session, View view, Message.Request request, HttpRequestFacts http) {
        long startNanos = System.nanoTime();
        ObjectNode params = paramsOf(request);
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asString(""));
        ObjectNode result = describe(view, version, Session.declaresUrlElicitation(params.get("capabilities")));
        session.adopt(version, objectOrNull(params.get("capabilities")), objectOrNull(params.get("clientInfo")));
        Message.Response response = redaction.response(Message.Response.success(request.id(), result));
        tap.sessionStarted(session, TrafficTap.HTTP_SSE);
        tap.clientExchange(session, TrafficTap.server(view), request, response, startNanos, http);
        return response;
    }

    /**
     * The modern-era {@code server/discover} answer for a view: every version this gateway speaks, the view's
     * capabilities, and caching hints. Lists may change at any moment (servers come and go), hence {@code ttlMs}
     * 0; answers are per user, hence {@code private}.
     */
    Message.Response discover(View view, RequestId id) {
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

    /** Every capability with list changes, because servers come and go while sessions live. */
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
}
