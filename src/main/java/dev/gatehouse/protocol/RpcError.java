package dev.gatehouse.protocol;

import tools.jackson.databind.JsonNode;

/** The {@code error} member of a JSON-RPC response. {@code data} may be null. */
public record RpcError(int code, String message, JsonNode data) {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server error range (-32000 to -32099): an upstream failed, not the request. */
    public static final int UPSTREAM_ERROR = -32000;
    /** The client exceeded a rate or concurrency limit; {@code data.retryAfterSeconds} says when to retry. */
    public static final int RATE_LIMITED = -32029;
    /** The request was cancelled by its sender (the code LSP and most MCP SDKs use). */
    public static final int REQUEST_CANCELLED = -32800;
    /** Legacy MCP: the requested resource does not exist. */
    public static final int RESOURCE_NOT_FOUND = -32002;

    public RpcError {
        if (message == null) {
            throw new IllegalArgumentException("an error needs a message");
        }
    }

    public RpcError(int code, String message) {
        this(code, message, null);
    }
}
