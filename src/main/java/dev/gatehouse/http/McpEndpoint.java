package dev.gatehouse.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.JsonNode;

/**
 * The Streamable HTTP transport (legacy era) for one endpoint: POST carries one client message, GET opens the
 * session's stream of server-initiated messages, DELETE ends the session.
 */
final class McpEndpoint {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    /** How long a stream may stay silent before a keep-alive comment is sent. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Gateway gateway;
    private final JsonRpcCodec codec;
    private final HttpReplies replies;
    private final long maxBodyBytes;
    private final LimitCounters counters;
    private final StreamSlots streams;

    McpEndpoint(Gateway gateway, JsonRpcCodec codec, PlaneOptions options) {
        this.gateway = gateway;
        this.codec = codec;
        this.replies = new HttpReplies(codec);
        this.maxBodyBytes = options.maxBodyBytes();
        this.counters = options.counters();
        this.streams = new StreamSlots(options.maxStreamsPerSession());
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
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !MediaTypes.parse(java.util.List.of(contentType)).is("application/json")) {
            replies.error(response, 415, RpcError.INVALID_REQUEST,
                    "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        Optional<byte[]> body = readBody(request, response);
        if (body.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = codec.decode(body.get());
        } catch (ProtocolException e) {
            e.breach().ifPresent(breach -> counters.hit(switch (breach) {
                case DEPTH -> LimitCounters.Limit.JSON_DEPTH;
                case STRING_LENGTH -> LimitCounters.Limit.STRING_LENGTH;
                case DOCUMENT_SIZE -> LimitCounters.Limit.BODY_BYTES;
            }));
            replies.error(response, 400, e.error(), e.id());
            return;
        }
        if (!versionAcceptable(request, response)) {
            return;
        }
        if (message instanceof Message.Request init && init.method().equals(McpMethods.INITIALIZE)) {
            initialize(endpoint, view, init, response);
            return;
        }
        Optional<Session> session = session(endpoint, request, response);
        if (session.isEmpty()) {
            return;
        }
        switch (message) {
            case Message.Request call -> exchange(view, session.get(), call, response);
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

    /** The body, or empty after answering 413 when it exceeds the limit (checked before and while reading). */
    private Optional<byte[]> readBody(Request request, Response response) throws IOException {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBodyBytes) {
            tooLarge(response);
            return Optional.empty();
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                tooLarge(response);
                return Optional.empty();
            }
            return Optional.of(body);
        }
    }

    private void tooLarge(Response response) throws IOException {
        counters.hit(LimitCounters.Limit.BODY_BYTES);
        replies.error(response, 413, RpcError.INVALID_REQUEST,
                "Request body too large: the limit is " + maxBodyBytes + " bytes");
    }

    /** An unknown MCP-Protocol-Version is refused; an absent one means 2025-03-26, which is supported. */
    private boolean versionAcceptable(Request request, Response response) throws IOException {
        java.util.List<String> versions = request.getHeaders().getValuesList(VERSION_HEADER);
        if (versions.isEmpty()) {
            return true;
        }
        if (versions.size() > 1 || !ProtocolVersions.isSupported(versions.getFirst().strip())) {
            replies.error(response, 400, RpcError.INVALID_REQUEST, "Bad Request: unsupported " + VERSION_HEADER
                    + " (supported: " + String.join(", ", ProtocolVersions.SUPPORTED) + ")");
            return false;
        }
        return true;
    }

    private void initialize(String endpoint, View view, Message.Request init, Response response) throws IOException {
        Gateway.Initialized initialized;
        try {
            initialized = gateway.initialize(endpoint, view, init);
        } catch (GatewayFailure.LimitExceeded e) {
            counters.hit(LimitCounters.Limit.SESSIONS);
            replies.error(response, 503, e.toRpcError(), init.id());
            return;
        } catch (GatewayFailure e) {
            replies.error(response, 200, e.toRpcError(), init.id());
            return;
        }
        response.getHeaders().put(SESSION_HEADER, initialized.session().id());
        replies.message(response, 200, initialized.response());
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

    /**
     * Answers with plain JSON when the response is the first thing ready; switches to SSE as soon as a related
     * message (progress, a log line, a server request) or a keep-alive has to go first.
     */
    private void exchange(View view, Session session, Message.Request call, Response response) throws IOException {
        if (!streams.acquire(session.id())) {
            tooManyStreams(response, call.id());
            return;
        }
        try {
            stream(view, session, call, response);
        } finally {
            streams.release(session.id());
        }
    }

    private void stream(View view, Session session, Message.Request call, Response response) throws IOException {
        ExchangeChannel channel = new ExchangeChannel();
        gateway.request(view, session, call, channel);
        try {
            Message first = channel.next(KEEP_ALIVE);
            if (first instanceof Message.Response answer) {
                if (answer.isError() && answer.error().code() == RpcError.RATE_LIMITED) {
                    rateLimited(response, answer);
                    return;
                }
                replies.message(response, 200, answer);
                return;
            }
            SseWriter.prepare(response);
            SseWriter sse = new SseWriter(response);
            Message next = first;
            while (!(next instanceof Message.Response)) {
                if (next == null) {
                    sse.comment("keep-alive");
                } else {
                    sse.event(codec.encode(next));
                }
                next = channel.next(KEEP_ALIVE);
            }
            sse.event(codec.encode(next));
            sse.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
        } catch (IOException e) {
            // The client went away. In the legacy era a disconnect is not a cancellation: the call runs on and
            // its answer is discarded.
            channel.close();
            throw e;
        }
    }

    /** HTTP 429 with the wait the error carries as {@code Retry-After}. */
    private void rateLimited(Response response, Message.Response answer) throws IOException {
        JsonNode data = answer.error().data();
        long seconds = data == null ? 1 : Math.max(1, data.path("retryAfterSeconds").asLong(1));
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
        replies.message(response, 429, answer);
    }

    private void tooManyStreams(Response response, RequestId id) throws IOException {
        counters.hit(LimitCounters.Limit.STREAMS_PER_SESSION);
        GatewayFailure.RateLimited failure = new GatewayFailure.RateLimited("open streams on this session",
                "at most " + streams.max(), 1);
        rateLimited(response, Message.Response.failure(id, failure.toRpcError()));
    }

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
        if (!streams.acquire(session.id())) {
            tooManyStreams(response, null);
            return;
        }
        try {
            serveStream(session, response);
        } finally {
            streams.release(session.id());
        }
    }

    private void serveStream(Session session, Response response) throws IOException {
        if (!session.openStream()) {
            replies.error(response, 409, RpcError.INVALID_REQUEST,
                    "Conflict: this session already has an open GET stream");
            return;
        }
        try {
            SseWriter.prepare(response);
            SseWriter sse = new SseWriter(response);
            sse.comment("stream open");
            while (!session.isEnded()) {
                Message message = session.outbound().poll(KEEP_ALIVE);
                if (message == null) {
                    sse.comment("keep-alive");
                } else {
                    sse.event(codec.encode(message));
                }
            }
            sse.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.closeStream();
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
