package dev.gatehouse.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 message. Params and results stay JSON trees so that pass-through is lossless: fields this
 * gateway does not know are forwarded untouched.
 */
public sealed interface Message permits Message.Request, Message.Notification, Message.Response {

    /** A call that expects an answer. {@code params} may be null when the sender omitted it. */
    record Request(RequestId id, String method, ObjectNode params) implements Message {
        public Request {
            if (id == null || method == null) {
                throw new IllegalArgumentException("a request needs an id and a method");
            }
        }

        public Request withId(RequestId newId) {
            return new Request(newId, method, params);
        }

        public Request withParams(ObjectNode newParams) {
            return new Request(id, method, newParams);
        }
    }

    /** A one-way message. */
    record Notification(String method, ObjectNode params) implements Message {
        public Notification {
            if (method == null) {
                throw new IllegalArgumentException("a notification needs a method");
            }
        }
    }

    /**
     * The answer to a request: exactly one of {@code result} and {@code error} is set. The id is null only for
     * an error about a message whose id could not be read.
     */
    record Response(RequestId id, JsonNode result, RpcError error) implements Message {
        public Response {
            if ((result == null) == (error == null)) {
                throw new IllegalArgumentException("a response carries either a result or an error");
            }
        }

        public static Response success(RequestId id, JsonNode result) {
            return new Response(id, result, null);
        }

        public static Response failure(RequestId id, RpcError error) {
            return new Response(id, null, error);
        }

        public boolean isError() {
            return error != null;
        }

        public Response withId(RequestId newId) {
            return new Response(newId, result, error);
        }
    }
}
