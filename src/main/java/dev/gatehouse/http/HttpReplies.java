package dev.gatehouse.http;

import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.proxy.ReplyCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.JsonNode;

/** Writes complete, non-streamed answers. Error bodies are always JSON-RPC errors, even for HTTP-level refusals. */
final class HttpReplies {

    private final JsonRpcCodec codec;

    HttpReplies(JsonRpcCodec codec) {
        this.codec = codec;
    }

    void json(Response response, int status, byte[] body) throws IOException {
        json(response, status, body, null);
    }

    /** {@code reply}, when not null, is told the status and headers once they are set, before the body goes. */
    private void json(Response response, int status, byte[] body, ReplyCapture reply) throws IOException {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.getHeaders().put("Cache-Control", "no-store");
        if (reply != null) {
            reply.replying(status, fields(response.getHeaders()));
        }
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }

    void message(Response response, int status, Message message) throws IOException {
        json(response, status, codec.encode(message));
    }

    /** As {@link #message(Response, int, Message)}; {@code reply} (may be null) is told the reply first. */
    void message(Response response, int status, Message message, ReplyCapture reply) throws IOException {
        json(response, status, codec.encode(message), reply);
    }

    void answer(Response response, Message.Response answer) throws IOException {
        answer(response, answer, null);
    }

    /**
     * The answer to a request, as HTTP 429 with {@code Retry-After} when it is a rate-limit refusal (the wait is
     * the one the error carries), else as 200; {@code reply} (may be null) is told the reply before it is sent.
     */
    void answer(Response response, Message.Response answer, ReplyCapture reply) throws IOException {
        if (!answer.isError() || answer.error().code() != RpcError.RATE_LIMITED) {
            json(response, 200, codec.encode(answer), reply);
            return;
        }
        JsonNode data = answer.error().data();
        long seconds = data == null ? 1 : Math.max(1, data.path("retryAfterSeconds").asLong(1));
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
        json(response, 429, codec.encode(answer), reply);
    }

    /** Headers as name and value pairs in order, as the capture records them. */
    static List<Map.Entry<String, String>> fields(HttpFields headers) {
        List<Map.Entry<String, String>> fields = new ArrayList<>(headers.size());
        for (HttpField field : headers) {
            fields.add(Map.entry(field.getName(), field.getValue()));
        }
        return fields;
    }

    void error(Response response, int status, int code, String text) throws IOException {
        error(response, status, new RpcError(code, text), null);
    }

    void error(Response response, int status, RpcError error, RequestId id) throws IOException {
        message(response, status, Message.Response.failure(id, error));
    }

    void empty(Response response, int status) throws IOException {
        response.setStatus(status);
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }
}
