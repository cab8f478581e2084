package dev.gatehouse.http;

import dev.gatehouse.protocol.RpcError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** Reads a request body under the byte limit, answering 413 (checked before and while reading) when it is over. */
final class BoundedBody {

    private final long maxBytes;
    private final HttpReplies replies;

    BoundedBody(long maxBytes, HttpReplies replies) {
        this.maxBytes = maxBytes;
        this.replies = replies;
    }

    /** The body, or empty after answering 413. */
    Optional<byte[]> read(Request request, Response response) throws IOException {
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
        replies.error(response, 413, RpcError.INVALID_REQUEST,
                "Request body too large: the limit is " + maxBytes + " bytes");
    }

    /** Whether the request declares a JSON body; answers 415 when not. */
    boolean isJson(Request request, Response response) throws IOException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !MediaTypes.parse(java.util.List.of(contentType)).is("application/json")) {
            replies.error(response, 415, RpcError.INVALID_REQUEST,
                    "Unsupported Media Type: Content-Type must be application/json");
            return false;
        }
        return true;
    }
}
