package dev.gatehouse.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A JSON-RPC request id: a string or an integer, kept in its original JSON form so that the answer
 * carries exactly what the peer sent. Equality is by JSON value, so {@code 1} and {@code "1"} differ.
 */
public record RequestId(JsonNode value) {

    public RequestId {
        if (value == null || !(value.isString() || value.isIntegralNumber())) {
            throw new IllegalArgumentException("a request id must be a string or an integer");
        }
    }

    public static RequestId of(long number) {
        return new RequestId(JsonNodeFactory.instance.numberNode(number));
    }

    public static RequestId of(String text) {
        return new RequestId(JsonNodeFactory.instance.stringNode(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
