package dev.gatehouse.http;

import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import java.io.IOException;
import java.nio.ByteBuffer;
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
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.getHeaders().put("Cache-Control", "no-store");
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }

    void message(Response response, int status, Message message) throws IOException {
        json(response, status, codec.encode(message));
    }

    /**
     * The answer to a request, as HTTP 429 with {@code Retry-After} when it is a rate-limit refusal (the wait is
     * the one the error carries), else as 200.
     */
    void answer(Response response, Message.Response answer) throws IOException {
        if (!answer.isError() || answer.error().code() != RpcError.RATE_LIMITED) {
            message(response, 200, answer);
            return;
        }
        JsonNode data = answer.error().data();
        long seconds = data == null ? 1 : Math.max(1, data.path("retryAfterSeconds").asLong(1));
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
        message(response, 429, answer);
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
