package dev.gatehouse.admin;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.admin.api.ToolSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads every page of one server's {@code tools/list}, starting the server if it is lazy and not yet running. */
final class ToolLister {

    private static final int MAX_PAGES = 100;

    List<ToolSummary> list(Upstream upstream, CallOptions options) {
        List<ToolSummary> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            Message.Response response = call(upstream, params, options);
            if (response.isError()) {
                throw AdminProblem.serverUnavailable("'" + upstream.name() + "' answered tools/list with an error: "
                        + response.error().message());
            }
            for (JsonNode tool : response.result().path("tools").values()) {
                tools.add(new ToolSummary(tool.path("name").asString(""), tool.path("title").asString(null),
                        tool.path("description").asString(null)));
            }
            JsonNode next = response.result().get("nextCursor");
            if (next == null || !next.isString()) {
                break;
            }
            cursor = next.stringValue();
        }
        return tools;
    }

    private static Message.Response call(Upstream upstream, ObjectNode params, CallOptions options) {
        try {
            upstream.handshake();
            return upstream.call(new Message.Request(RequestId.of(0), McpMethods.TOOLS_LIST, params), options)
                    .response().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof GatewayFailure failure) {
                throw failure;
            }
            throw AdminProblem.serverUnavailable("'" + upstream.name() + "' did not answer tools/list");
        }
    }
}
