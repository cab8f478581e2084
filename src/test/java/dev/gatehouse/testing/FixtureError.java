package dev.gatehouse.testing;

import tools.jackson.databind.JsonNode;

/** A JSON-RPC error a fixture handler answers with; {@code data} may be null. */
final class FixtureError extends RuntimeException {

    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;

    private final int code;
    private final transient JsonNode data;

    FixtureError(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    FixtureError(int code, String message) {
        this(code, message, null);
    }

    int code() {
        return code;
    }

    JsonNode data() {
        return data;
    }
}
