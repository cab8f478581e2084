package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.capture.TrafficEvent;
import dev.gatehouse.config.CaptureMode;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the request path meets the capture. Each method decides from the server's capture mode whether and how
 * much to record, makes one event holding references to the messages, and offers it: no serialising, no
 * redaction and no I/O happen here (they happen on the capture's writer thread). The gateway's own server is
 * recorded as metadata when its tools are called, since their answers are views of the capture itself.
 */
final class TrafficTap {

    private static final String ERA = "legacy";
    /** The transports a session can begin on (modern-era requests have no session to record). */
    static final String STREAMABLE_HTTP = "streamable-http";
    static final String HTTP_SSE = "sse";
    private static final int HTTP_OK = 200;

    private final CaptureSink sink;
    /** Each server's capture mode, replaced whole when the config changes. */
    private volatile Map<String, CaptureMode> modes;
    private final InstantSource clock;
    private final LifecycleTap lifecycle;

    /** {@code earlierRestarts} is {@link UpstreamRegistry#earlierRestarts}, asked once the registry runs. */
    TrafficTap(CaptureSink sink, GatewayConfig config, InstantSource clock, ToIntFunction<String> earlierRestarts) {
        this.sink = sink;
        this.clock = clock;
        configure(config);
        this.lifecycle = new LifecycleTap(sink, server -> mode(server, "") != CaptureMode.OFF, earlierRestarts,
                clock);
    }

    /** Takes the capture modes of {@code config}, which the gateway now runs. */
    void configure(GatewayConfig config) {
        Map<String, CaptureMode> next = new HashMap<>();
        for (ServerConfig server : config.servers()) {
            next.put(server.name(), server.capture());
        }
        modes = next;
    }

    /** Whether the HTTP plane should copy request headers for the capture. */
    boolean wantsHeaders() {
        return sink.enabled();
    }

    /** The server a view's own traffic is recorded under: its one server, or the gateway's for the aggregate. */
    static String server(View view) {
        return view.isSingle() ? view.upstreams().getFirst().name() : GatewayConfig.BUILTIN_SERVER;
    }

    TracedExchange begin(Session session, Message.Request request, ExchangeChannel channel, HttpRequestFacts http) {
        return new TracedExchange(channel, session, request, http, this);
    }

    private CaptureMode mode(String server, String method) {
        if (!sink.enabled()) {
            return CaptureMode.OFF;
        }
        if (server.equals(GatewayConfig.BUILTIN_SERVER)) {
            return method.equals(McpMethods.TOOLS_CALL) ? CaptureMode.METADATA : CaptureMode.FULL;
        }
        return modes.getOrDefault(server, CaptureMode.FULL);
    }

    /**
     * A client request, answered now: its timing ends here, and when the plane tells the HTTP reply that carries
     * the answer ({@link HttpRequestFacts#reply}), the record waits for the reply's status and headers.
     */
    void clientExchange(Session session, String server, Message.Request request, Message.Response response,
                        long startNanos, HttpRequestFacts http) {
        CaptureMode mode = mode(server, request.method());
        if (mode == CaptureMode.OFF) {
            return;
        }
        long duration = (System.nanoTime() - startNanos) / 1000;
        long startedAt = now() - duration;
        if (http == null || http.reply() == null) {
            offerExchange(session, server, request, response, startedAt, duration, http, mode,
                    new ReplyCapture.Reply(http == null ? null : HTTP_OK, null));
        } else {
            http.reply().answered(reply -> offerExchange(session, server, request, response, startedAt, duration,
                    http, mode, reply));
        }
    }

    private void offerExchange(Session session, String server, Message.Request request, Message.Response response,
                               long startedAt, long duration, HttpRequestFacts http, CaptureMode mode,
                               ReplyCapture.Reply reply) {
        boolean full = mode == CaptureMode.FULL;
        sink.offer(new TrafficEvent.Exchange(session == null ? null : session.id(), server,
                TrafficEvent.Direction.CLIENT_TO_SERVER, request, response, target(request), startedAt, duration,
                full && http != null ? http.headers() : null, http == null ? -1 : http.bodyBytes(), reply.status(),
                full, full ? reply.headers() : null));
    }

    /** A server's request to a client and the client's answer (or the gateway's refusal on its behalf). */
    void serverExchange(Session session, String server, Message.Request request, Message.Response response,
                        long startNanos) {
        CaptureMode mode = mode(server, request.method());
        if (mode == CaptureMode.OFF) {
            return;
        }
        long duration = (System.nanoTime() - startNanos) / 1000;
        sink.offer(new TrafficEvent.Exchange(session == null ? null : session.id(), server,
                TrafficEvent.Direction.SERVER_TO_CLIENT, request, response, null, now() - duration, duration, null,
                -1, null, mode == CaptureMode.FULL, null));
    }

    /** A server's request the gateway withdrew from the client before it answered, for {@code reason}. */
    void withdrawn(Session session, String server, Message.Request request, String reason, long startNanos) {
        CaptureMode mode = mode(server, request.method());
        if (mode == CaptureMode.OFF) {
            return;
        }
        long duration = (System.nanoTime() - startNanos) / 1000;
        sink.offer(new TrafficEvent.Withdrawn(session == null ? null : session.id(), server, request, reason,
                now() - duration, duration, mode == CaptureMode.FULL));
    }

    void notification(Session session, String server, TrafficEvent.Direction direction,
                      Message.Notification notification) {
        CaptureMode mode = mode(server, notification.method());
        if (mode != CaptureMode.OFF) {
            sink.offer(new TrafficEvent.Notification(session == null ? null : session.id(), server, direction,
                    notification, now(), mode == CaptureMode.FULL));
        }
    }

    void lifecycle(Upstream from, UpstreamStatus status) {
        lifecycle.statusChanged(from, status);
    }

    /** The gateway retires a server's connection itself: see {@link UpstreamRegistry.Retirements#retiring}. */
    void retiring(Upstream old, boolean running, Upstream restartedAs, String why) {
        lifecycle.retiring(old, running, restartedAs, why);
    }

    /** {@code transport} is {@link #STREAMABLE_HTTP} or {@link #HTTP_SSE}. */
    void sessionStarted(Session session, String transport) {
        if (!sink.enabled()) {
            return;
        }
        ObjectNode info = session.clientInfo();
        sink.offer(new TrafficEvent.SessionStarted(session.id(),
                info == null ? null : info.path("name").asString(null),
                info == null ? null : info.path("version").asString(null), session.protocolVersion(), ERA,
                transport, session.endpoint(), micros(session.created())));
    }

    void sessionEnded(Session session) {
        if (sink.enabled()) {
            sink.offer(new TrafficEvent.SessionEnded(session.id(), now()));
        }
    }

    /** The tool or prompt name, or resource URI, a request is about (as the server knows it, once routed). */
    private static String target(Message.Request request) {
        ObjectNode params = request.params();
        if (params == null) {
            return null;
        }
        return switch (request.method()) {
            case McpMethods.TOOLS_CALL, McpMethods.PROMPTS_GET -> params.path("name").asString(null);
            case McpMethods.RESOURCES_READ, McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE ->
                    params.path("uri").asString(null);
            case McpMethods.COMPLETION_COMPLETE -> {
                ObjectNode ref = params.get("ref") instanceof ObjectNode r ? r : null;
                yield ref == null ? null : ref.has("name") ? ref.path("name").asString(null)
                        : ref.path("uri").asString(null);
            }
            default -> null;
        };
    }

    private long now() {
        return micros(clock.instant());
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
