package dev.gatehouse.proxy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.Upstream;
import dev.gatehouse.policy.ToolCatalog;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists every tool of one server, following its cursors, for the policies' {@link ToolCatalog}. Bounded in pages,
 * so a server that hands out cursors forever cannot keep it busy.
 */
final class ToolListFetcher implements ToolCatalog.Fetcher {

    private static final int MAX_PAGES = 100;

    private final JsonMapper mapper;
    private final UpstreamRegistry registry;
    private final Executor executor;

    ToolListFetcher(JsonMapper mapper, UpstreamRegistry registry, Executor executor) {
        this.mapper = mapper;
        this.registry = registry;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<List<ObjectNode>> tools(String server) {
        return CompletableFuture.supplyAsync(() -> {
            Upstream upstream = registry.upstream(server)
                    .orElseThrow(() -> new GatewayFailure.UnknownTarget("server", server));
            upstream.handshake();
            List<ObjectNode> tools = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                ObjectNode params = mapper.createObjectNode();
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                Message.Response response = upstream.call(new Message.Request(RequestId.of(0), McpMethods.TOOLS_LIST,
                        params), registry.options(server)).response().join();
                if (response.isError()) {
                    // Without the definitions no call can be checked against its schema or its pin.
                    throw new GatewayFailure.UpstreamUnavailable(server,
                            "its tools/list answered an error, so its tools cannot be checked", null);
                }
                for (JsonNode tool : response.result().path("tools")) {
                    if (tool instanceof ObjectNode definition) {
                        tools.add(definition);
                    }
                }
                JsonNode next = response.result().get("nextCursor");
                if (next == null || !next.isString()) {
                    break;
                }
                cursor = next.stringValue();
            }
            return tools;
        }, executor);
    }
}
