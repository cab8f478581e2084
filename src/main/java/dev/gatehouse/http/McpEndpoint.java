package dev.gatehouse.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.HttpRequestFacts;
import dev.gatehouse.proxy.ReplyCapture;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.EventLog;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The Streamable HTTP transport (legacy era) for one endpoint: POST carries one client message, GET opens the
 * session's stream of server-initiated messages, DELETE ends the session.
 */
final class McpEndpoint {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final Gateway gateway;
    private final JsonRpcCodec codec;
    private final HttpReplies replies;
    private final SseStreams streams;
    private final BoundedBody body;
    private final ModernEndpoint modern;
    private final LimitCounters counters;
    private final StreamSlots slots;

    McpEndpoint(Gateway gateway, JsonRpcCodec codec, PlaneOptions options) {
        this.gateway = gateway;
        this.codec = codec;
        this.replies = new HttpReplies(codec);
        this.streams = new SseStreams(codec, replies);
        this.body = new BoundedBody(options.maxBodyBytes(), replies, codec, options.counters());
        this.counters = options.counters();
        this.slots = new StreamSlots(options.maxStreamsPerSession());
        this.modern = new ModernEndpoint(gateway, codec, replies);
    }

    void serve(String endpoint, View view, Request request, Response response) throws IOException {
        switch (request.getMethod()) {
            case "POST" -> post(endpoint, view, request, response);
            case "GET" -> get(endpoint, request, response);
            case "DELETE" -> delete(endpoint, request, response);
            default -> {
                response.getHeaders().put("Allow", "GET, POST, DELETE");
                replies.error(response, 405, RpcError.INVALID_REQUEST, "Method not allowed: " + request.getMethod());
            }
        }
    }

    private void post(String endpoint, View view, Request request, Response response) throws IOException {
        MediaTypes accept = MediaTypes.parse(request.getHeaders().getValuesList(HttpHeader.ACCEPT));
        if (!accept.accepts("application/json") || !accept.accepts("text/event-stream")) {
            replies.error(response, 406, RpcError.INVALID_REQUEST,
                    "Not Acceptable: Accept must list application/json and text/event-stream");
            return;
        }
        Optional<Message> read = body.message(request, response);
        if (read.isEmpty()) {
            return;
        }
        Message message = read.get();
        if (ModernEndpoint.applies(request, message)) {
            modern.serve(endpoint, view, request, message, response);
            return;
        }
        if (!versionAcceptable(request, response, message)) {
            return;
        }
        if (message instanceof Message.Request init && init.method().equals(McpMethods.INITIALIZE)) {
            initialize(endpoint, view, init, facts(gateway, request), response);
            return;
        }
        Optional<Session> session = session(endpoint, request, response);
        if (session.isEmpty()) {
            return;
        }
        switch (message) {
            case Message.Request call ->
                    exchange(view, session.get(), call, facts(gateway, request), response);
            case Message.Notification notification -> {
                gateway.notification(view, session.get(), notification);
                replies.empty(response, 202);
            }
            case Message.Response answer -> {
                gateway.response(session.get(), answer);
                replies.empty(response, 202);
            }
        }
    }

    /**
     * A request whose body has been read, as the capture records it (every transport and era alike); headers are
     * copied only when the capture keeps them.
     */
    static HttpRequestFacts facts(Gateway gateway, Request request) {
        long bodyBytes = Request.getContentBytesRead(request);
        if (!gateway.capturesHeaders()) {
            return new HttpRequestFacts(null, bodyBytes, null);
        }
        return new HttpRequestFacts(HttpReplies.fields(request.getHeaders()), bodyBytes, new ReplyCapture());
    }

    /** An unknown MCP-Protocol-Version is refused; an absent one means 2025-03-26, which is supported. */
    private boolean versionAcceptable(Request request, Response response, Message message) throws IOException {
        java.util.List<String> versions = request.getHeaders().getValuesList(VERSION_HEADER);
        if (versions.isEmpty()) {
            return true;
        }
        if (versions.size() > 1 || !ProtocolVersions.isSupported(versions.getFirst().strip())) {
            replies.error(response, 400, new RpcError(RpcError.INVALID_REQUEST, "Bad Request: unsupported "
                    + VERSION_HEADER + " (supported: " + String.join(", ", ProtocolVersions.SUPPORTED) + ")"),
                    message instanceof Message.Request r ? r.id() : null);
            return false;
        }
        return true;
    }

    private void initialize(String endpoint, View view, Message.Request init, HttpRequestFacts facts,
                            Response response) throws IOException {
        Gateway.Initialized initialized;
        try {
            initialized = gateway.initialize(endpoint, view, init, facts);
        } catch (GatewayFailure.LimitExceeded e) {
            counters.hit(LimitCounters.Limit.SESSIONS);
            replies.error(response, 503, e.toRpcError(), init.id());
            return;
        } catch (GatewayFailure e) {
            replies.error(response, 200, e.toRpcError(), init.id());
            return;
        }
        response.getHeaders().put(SESSION_HEADER, initialized.session().id());
        try {
            replies.answer(response, initialized.response(), facts.reply());
        } finally {
            released(facts);
        }
    }

    /** Tells the capture that the plane is done with the exchange, whether it replied or not. */
    static void released(HttpRequestFacts facts) {
        if (facts.reply() != null) {
            facts.reply().released();
        }
    }

    /** The request's session, or empty after answering 400 (no id) or 404 (unknown, ended, other endpoint). */
    private Optional<Session> session(String endpoint, Request request, Response response) throws IOException {
        java.util.List<String> ids = request.getHeaders().getValuesList(SESSION_HEADER);
        if (ids.size() != 1) {
            replies.error(response, 400, RpcError.INVALID_REQUEST, ids.isEmpty()
                    ? "Bad Request: " + SESSION_HEADER + " header is required"
                    : "Bad Request: more than one " + SESSION_HEADER + " header");
            return Optional.empty();
        }
        Optional<Session> session = gateway.sessions().find(ids.getFirst())
                .filter(s -> s.endpoint().equals(endpoint));
        if (session.isEmpty()) {
            replies.error(response, 404, RpcError.INVALID_REQUEST, "Session not found: it ended or never existed");
        }
        return session;
    }

    private void exchange(View view, Session session, Message.Request call, HttpRequestFacts facts, Response response)
            throws IOException {
        if (!slots.acquire(session.id())) {
            tooManyStreams(response, call.id());
            return;
        }
        ExchangeChannel channel = new ExchangeChannel();
        gateway.request(view, session, call, channel, facts);
        try {
            streams.answer(session, channel, response, facts.reply());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
        } finally {
            slots.release(session.id());
            released(facts);
        }
    }

    private void tooManyStreams(Response response, RequestId id) throws IOException {
        counters.hit(LimitCounters.Limit.STREAMS_PER_SESSION);
        GatewayFailure.RateLimited failure = new GatewayFailure.RateLimited("open streams on this session",
                "at most " + slots.max(), 1);
        replies.answer(response, Message.Response.failure(id, failure.toRpcError()));
    }

    /** Opens the session's stream of server-initiated messages, or resumes a dropped one from Last-Event-ID. */
    private void get(String endpoint, Request request, Response response) throws IOException {
        MediaTypes accept = MediaTypes.parse(request.getHeaders().getValuesList(HttpHeader.ACCEPT));
        if (!accept.accepts("text/event-stream")) {
            replies.error(response, 406, RpcError.INVALID_REQUEST, "Not Acceptable: Accept must list text/event-stream");
            return;
        }
        Optional<Session> found = session(endpoint, request, response);
        if (found.isEmpty()) {
            return;
        }
        Session session = found.get();
        if (!slots.acquire(session.id())) {
            tooManyStreams(response, null);
            return;
        }
        try {
            serveStream(session, request, response);
        } finally {
            slots.release(session.id());
        }
    }

    private void serveStream(Session session, Request request, Response response) throws IOException {
        Optional<EventLog.Position> resumeFrom = EventLog.Position.parse(request.getHeaders().get("Last-Event-ID"))
                .filter(position -> session.events().issued(position.stream()));
        try {
            if (resumeFrom.isPresent() && resumeFrom.get().isRequestStream()) {
                streams.resumeRequestStream(session, resumeFrom.get(), response);
                return;
            }
            if (!session.openStream()) {
                replies.error(response, 409, RpcError.INVALID_REQUEST,
                        "Conflict: this session already has an open GET stream");
                return;
            }
            try {
                streams.serveGetStream(session, resumeFrom.orElse(null), response);
            } finally {
                session.closeStream();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void delete(String endpoint, Request request, Response response) throws IOException {
        Optional<Session> session = session(endpoint, request, response);
        if (session.isPresent()) {
            gateway.sessions().end(session.get().id());
            replies.empty(response, 200);
        }
    }
}
