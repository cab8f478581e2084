package dev.gatehouse.bench;

import java.io.IOException;

/**
 * The tool the benchmark calls and its arguments, as JSON text, plus the checks every client applies to the
 * answer, so the direct baseline and the HTTP targets do the same work per call.
 */
record ToolCall(String name, String argumentsJson) {

    ToolCall {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tool name must not be blank");
        }
        if (argumentsJson == null || !argumentsJson.strip().startsWith("{")) {
            throw new IllegalArgumentException("tool arguments must be a JSON object, got: " + argumentsJson);
        }
    }

    /** The echo server's sized call: {@code {"size": N}}. */
    static ToolCall echoOfSize(String name, int size) {
        return new ToolCall(name, "{\"size\":" + size + "}");
    }

    String request(long id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + JsonText.quote(name) + ",\"arguments\":" + argumentsJson + "}}";
    }

    /** Fails unless {@code response} is a successful answer to request {@code id}. */
    static void checkAnswer(String response, long id) throws IOException {
        String result;
        try {
            String gotId = JsonText.member(response, "id");
            if (!Long.toString(id).equals(gotId)) {
                throw new IOException("answer id " + gotId + " does not match request id " + id);
            }
            result = JsonText.member(response, "result"); // looked up first: a success then needs one scan
            if (result == null) {
                String error = JsonText.member(response, "error");
                throw new IOException(error == null
                        ? "answer to request " + id + " has neither result nor error"
                        : "JSON-RPC error for request " + id + ": " + abbreviate(error));
            }
            if ("true".equals(JsonText.member(result, "isError"))) {
                throw new IOException("tool error for request " + id + ": " + abbreviate(result));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed answer to request " + id + ": " + e.getMessage(), e);
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
    }
}
