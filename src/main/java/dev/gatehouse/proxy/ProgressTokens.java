package dev.gatehouse.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Progress tokens are chosen by clients, so two sessions may pick the same one for the same server. Each request
 * is sent upstream with a gateway-unique token; progress coming back is mapped to the caller's own token.
 */
final class ProgressTokens {

    record Binding(ActiveCall call, JsonNode clientToken) {
    }

    private final Map<String, Binding> byGatewayToken = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    JsonNode bind(ActiveCall call, JsonNode clientToken) {
        String token = "gh-p" + sequence.incrementAndGet();
        byGatewayToken.put(token, new Binding(call, clientToken));
        return JsonNodeFactory.instance.stringNode(token);
    }

    Binding find(JsonNode gatewayToken) {
        return gatewayToken != null && gatewayToken.isString() ? byGatewayToken.get(gatewayToken.stringValue()) : null;
    }

    void release(JsonNode gatewayToken) {
        if (gatewayToken != null) {
            byGatewayToken.remove(gatewayToken.stringValue());
        }
    }
}
