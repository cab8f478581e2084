package dev.gatehouse.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.HttpRequestFacts;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The deprecated HTTP+SSE transport (2024-11-05) for clients that predate Streamable HTTP: {@code GET …/sse} opens
 * the session and its one stream, whose first event names the endpoint to POST to; every answer and server
 * message then arrives on that stream. The stream is the session: closing it ends the session.
 */
final class LegacySseEndpoint {

    private static final String SESSION_PARAMETER = "sessionId";
    private static final String ERA_VERSION = "2024-11-05";

    private final Gateway gateway;
    private final JsonRpcCodec codec;
    private final HttpReplies replies;
    private final BoundedBody body;

    LegacySseEndpoint(Gateway gateway, JsonRpcCodec codec, PlaneOptions options) {
        this.gateway = gateway;
        this.codec = codec;
        this.replies = new HttpReplies(codec);
        this.body = new BoundedBody(options.maxBodyBytes(), replies, codec, options.counters());
    }

    /** {@code GET /sse} or {@code /s/NAME/sse}: the session's stream, until the client hangs up. */
    void stream(String viewPath, String messagesPath, Request request, Response response) throws IOException {
        if (!request.getMethod().equals("GET")) {
            response.getHeaders().put("Allow", "GET");
            replies.error(response, 405, RpcError.INVALID_REQUEST, "Method not allowed: " + request.getMethod());
            return;
        }
        Session session;
        try {
            session = gateway.sessions().create(viewPath, ERA_VERSION, null, null);
        } catch (GatewayFailure.LimitExceeded e) {
            replies.error(response, 503, e.toRpcError(), null);
            return;
        }
        session.openStream();
        try {
            SseWriter.prepare(response);
            SseWriter sse = new SseWriter(response);
            sse.named("endpoint", messagesPath + "?" + SESSION_PARAMETER + "=" + session.id());
            while (!session.isEnded()) {
                Message message = session.outbound().poll(SseStreams.KEEP_ALIVE);
                if (message == null) {
                    sse.comment("keep-alive");
                } else {
                    sse.named("message", codec.encodeToString(message));
                }
            }
            sse.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.closeStream();
            gateway.sessions().end(session.id());
        }
    }

    /** {@code POST /messages?sessionId=…}: accepted with 202; the answer goes on the session's stream. */
    void message(String viewPath, View view, Request request, Response response) throws IOException {
        if (!request.getMethod().equals("POST")) {
            response.getHeaders().put("Allow", "POST");
            replies.error(response, 405, RpcError.INVALID_REQUEST, "Method not allowed: " + request.getMethod());
            return;
        }
        List<String> ids = Request.extractQueryParameters(request).getValues(SESSION_PARAMETER);
        Optional<Session> session = ids.size() == 1
                ? gateway.sessions().find(ids.getFirst()).filter(s -> s.endpoint().equals(viewPath))
                : Optional.empty();
        if (session.isEmpty()) {
            replies.error(response, 404, RpcError.INVALID_REQUEST, "Session not found: it ended or never existed");
            return;
        }
        Optional<Message> read = body.message(request, response);
        if (read.isEmpty()) {
            return;
        }
        Message message = read.get();
        // The capture learns the 202 before the message is served: the answer travels on the session's stream
        // and may reach the client before this reply is written, and a record is offered before its answer goes.
        HttpRequestFacts facts = McpEndpoint.facts(gateway, request);
        response.setStatus(202);
        if (facts.reply() != null) {
            facts.reply().replying(202, HttpReplies.fields(response.getHeaders()));
        }
        dispatch(view, session.get(), message, facts);
        replies.empty(response, 202);
    }

    private void dispatch(View view, Session session, Message message, HttpRequestFacts facts) {
        switch (message) {
            case Message.Request init when init.method().equals(McpMethods.INITIALIZE) ->
                    session.outbound().offer(initialize(view, session, init, facts));
            case Message.Request call -> {
                ExchangeChannel channel = new ExchangeChannel();
                gateway.request(view, session, call, channel, facts);
                Thread.ofVirtual().name("sse-answer").start(() -> relay(session, channel));
            }
            case Message.Notification notification -> gateway.notification(view, session, notification);
            case Message.Response answer -> gateway.response(session, answer);
        }
    }

    private Message.Response initialize(View view, Session session, Message.Request init, HttpRequestFacts facts) {
        try {
            return gateway.initialize(session, view, init, facts);
        } catch (GatewayFailure e) {
            return Message.Response.failure(init.id(), e.toRpcError());
        }
    }

    /** Moves a request's related messages and its response onto the session's one stream, in order. */
    private static void relay(Session session, ExchangeChannel channel) {
        int position = 0;
        try {
            while (!session.isEnded()) {
                for (Message message : channel.after(position, SseStreams.KEEP_ALIVE)) {
                    position++;
                    session.outbound().offer(message);
                    if (message instanceof Message.Response) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }
}
