package dev.gatehouse.http;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RpcError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Reads the one JSON-RPC message a POST carries: a JSON content type (415 otherwise), a body under the byte limit
 * (413, checked before and while reading), and a well-formed message (400 with -32700 or -32600). Every bound
 * hit is counted.
 */
final class BoundedBody {

    private final long maxBytes;
    private final HttpReplies replies;
    private final JsonRpcCodec codec;
    private final LimitCounters counters;

    BoundedBody(long maxBytes, HttpReplies replies, JsonRpcCodec codec, LimitCounters counters) {
        this.maxBytes = maxBytes;
        this.counters = counters;
        this.replies = replies;
        this.codec = codec;
    }

    /** The message, or empty after answering the request with the reason it has none. */
    Optional<Message> message(Request request, Response response) throws IOException {
        if (!isJson(request, response)) {
            return Optional.empty();
        }
        Optional<byte[]> content = read(request, response);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(content.get()));
        } catch (ProtocolException e) {
            e.breach().ifPresent(breach -> counters.hit(switch (breach) {
                case DEPTH -> LimitCounters.Limit.JSON_DEPTH;
                case STRING_LENGTH -> LimitCounters.Limit.STRING_LENGTH;
                case DOCUMENT_SIZE -> LimitCounters.Limit.BODY_BYTES;
            }));
            replies.error(response, 400, e.error(), e.id());
            return Optional.empty();
        }
    }

    /** The body, or empty after answering 413. */
    private Optional<byte[]> read(Request request, Response response) throws IOException {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBytes) {
            tooLarge(response);
            return Optional.empty();
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                tooLarge(response);
                return Optional.empty();
            }
            return Optional.of(body);
        }
    }

    private void tooLarge(Response response) throws IOException {
        counters.hit(LimitCounters.Limit.BODY_BYTES);
        replies.error(response, 413, RpcError.INVALID_REQUEST,
                "Request body too large: the limit is " + maxBytes + " bytes");
    }

    /** Whether the request declares a JSON body; answers 415 when not. */
    private boolean isJson(Request request, Response response) throws IOException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !MediaTypes.parse(java.util.List.of(contentType)).is("application/json")) {
            replies.error(response, 415, RpcError.INVALID_REQUEST,
                    "Unsupported Media Type: Content-Type must be application/json");
            return false;
        }
        return true;
    }
}
