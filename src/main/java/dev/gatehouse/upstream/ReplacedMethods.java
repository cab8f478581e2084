package dev.gatehouse.upstream;

import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The legacy requests the modern era replaced, answered by the gateway for a modern server whatever the transport:
 * {@code ping} (a modern server has none), {@code logging/setLevel} (kept, and sent as every later request's log
 * level) and resource subscriptions (kept in the server's {@code subscriptions/listen} filter).
 */
public final class ReplacedMethods {

    /** Where the answered requests leave their effect. */
    public interface Effects {
        void logLevel(String level);

        void subscribe(String uri);

        void unsubscribe(String uri);
    }

    private ReplacedMethods() {
    }

    /** The gateway's answer to {@code request}, or null when it is not one of the replaced methods. */
    public static Message.Response answer(Message.Request request, Effects effects) {
        JsonNode params = request.params() == null ? JsonNodeFactory.instance.objectNode() : request.params();
        RequestId id = request.id();
        return switch (request.method()) {
            case McpMethods.PING -> empty(id);
            case McpMethods.LOGGING_SET_LEVEL -> {
                if (!params.path("level").isString()) {
                    yield invalid(id, "\"level\" must be a string");
                }
                effects.logLevel(params.path("level").stringValue());
                yield empty(id);
            }
            case McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE -> {
                if (!params.path("uri").isString()) {
                    yield invalid(id, "\"uri\" must be a string");
                }
                if (McpMethods.RESOURCES_SUBSCRIBE.equals(request.method())) {
                    effects.subscribe(params.path("uri").stringValue());
                } else {
                    effects.unsubscribe(params.path("uri").stringValue());
                }
                yield empty(id);
            }
            default -> null;
        };
    }

    private static Message.Response empty(RequestId id) {
        return Message.Response.success(id, JsonNodeFactory.instance.objectNode());
    }

    private static Message.Response invalid(RequestId id, String why) {
        return Message.Response.failure(id, new RpcError(RpcError.INVALID_PARAMS, "Invalid params: " + why));
    }
}
