package dev.gatehouse.protocol;

import java.util.Optional;

/**
 * Bytes that are not an acceptable JSON-RPC message. Carries the JSON-RPC error to answer with and, when it could
 * be read, the id of the offending request so the error can be addressed to it.
 */
public final class ProtocolException extends RuntimeException {

    private final transient RpcError error;
    private final transient RequestId id;
    private final JsonLimits.Breach breach;

    public ProtocolException(RpcError error, RequestId id) {
        this(error, id, null);
    }

    /** A document refused for breaking one of the {@link JsonLimits}. */
    public ProtocolException(RpcError error, RequestId id, JsonLimits.Breach breach) {
        super(error.message(), null, false, false);
        this.error = error;
        this.id = id;
        this.breach = breach;
    }

    public ProtocolException(int code, String message) {
        this(new RpcError(code, message), null);
    }

    public RpcError error() {
        return error;
    }

    /** The limit the document broke, if that is why it was refused. */
    public Optional<JsonLimits.Breach> breach() {
        return Optional.ofNullable(breach);
    }

    /** The id of the request this error concerns, or null. */
    public RequestId id() {
        return id;
    }
}
