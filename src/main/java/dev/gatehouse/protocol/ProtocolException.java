package dev.gatehouse.protocol;

/**
 * Bytes that are not an acceptable JSON-RPC message. Carries the JSON-RPC error to answer with and, when it could
 * be read, the id of the offending request so the error can be addressed to it.
 */
public final class ProtocolException extends RuntimeException {

    private final transient RpcError error;
    private final transient RequestId id;

    public ProtocolException(RpcError error, RequestId id) {
        super(error.message(), null, false, false);
        this.error = error;
        this.id = id;
    }

    public ProtocolException(int code, String message) {
        this(new RpcError(code, message), null);
    }

    public RpcError error() {
        return error;
    }

    /** The id of the request this error concerns, or null. */
    public RequestId id() {
        return id;
    }
}
