package dev.gatehouse.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Progress tokens are chosen by clients, so two sessions may pick the same one for the same server. Each request
 * is sent upstream with a gateway-unique token; progress coming back is mapped to the token of the client request
 * now carrying the call.
 */
final class ProgressTokens {

    private final Map<String, ActiveCall> byGatewayToken = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * The token to send upstream for {@code call}; progress under it goes to the call's current client token
     * ({@link ActiveCall#progressToken()}), which a modern client's retry may change.
     */
    JsonNode bind(ActiveCall call, JsonNode clientToken) {
        String token = "gh-p" + sequence.incrementAndGet();
        call.awaitProgressAs(clientToken);
        byGatewayToken.put(token, call);
        return JsonNodeFactory.instance.stringNode(token);
    }

    ActiveCall find(JsonNode gatewayToken) {
        return gatewayToken != null && gatewayToken.isString() ? byGatewayToken.get(gatewayToken.stringValue()) : null;
    }

    void release(JsonNode gatewayToken) {
        if (gatewayToken != null) {
            byGatewayToken.remove(gatewayToken.stringValue());
        }
    }
}
