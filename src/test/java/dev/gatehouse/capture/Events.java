package dev.gatehouse.capture;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Traffic events as the request path makes them, for recorder tests. */
final class Events {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Events() {
    }

    static TrafficEvent.Exchange toolCall(String server, String tool, long startedAtMicros, ObjectNode arguments,
                                          String resultText) {
        ObjectNode params = JSON.createObjectNode();
        params.put("name", tool);
        params.set("arguments", arguments);
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", resultText);
        return new TrafficEvent.Exchange("0123456789abcdef0123456789abcdef", server,
                TrafficEvent.Direction.CLIENT_TO_SERVER,
                new Message.Request(RequestId.of(7), "tools/call", params),
                Message.Response.success(RequestId.of(7), result), tool, startedAtMicros, 1234,
                List.of(Map.entry("Content-Type", "application/json"), Map.entry("Authorization", "Bearer abc")),
                -1, 200, true, List.of(Map.entry("Content-Type", "application/json"),
                        Map.entry("Set-Cookie", "sid=cookie-value-42")));
    }

    static TrafficEvent.Exchange toolCall(String server, String tool, long startedAtMicros) {
        ObjectNode arguments = JSON.createObjectNode();
        arguments.put("title", "hello");
        return toolCall(server, tool, startedAtMicros, arguments, "done");
    }
}
