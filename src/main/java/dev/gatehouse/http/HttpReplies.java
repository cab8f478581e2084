package dev.gatehouse.http;

import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

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
