package dev.gatehouse.http;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a request it could not parse, headers over the limit) in the plane's shape: a JSON-RPC
 * error body, no stack trace, no server detail. Headers over the limit are counted.
 */
final class PlaneErrorHandler extends ErrorHandler {

    private final JsonRpcCodec codec;
    private final LimitCounters counters;

    PlaneErrorHandler(JsonRpcCodec codec, LimitCounters counters) {
        this.codec = codec;
        this.counters = counters;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
            counters.hit(LimitCounters.Limit.HEADER_BYTES);
        }
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
            counters.hit(LimitCounters.Limit.HEADER_BYTES);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    private byte[] body(int status) {
        int code = status >= 500 ? RpcError.INTERNAL_ERROR : RpcError.INVALID_REQUEST;
        return codec.encode(Message.Response.failure(null, new RpcError(code, status + " "
                + HttpStatus.getMessage(status))));
    }
}
