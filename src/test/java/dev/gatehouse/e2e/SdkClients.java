package dev.gatehouse.e2e;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The official Java SDK as the client of a gateway under test: sampling answered with fixed text, elicitation
 * accepted with server-everything's fields, progress and log lines collected.
 */
final class SdkClients {

    private SdkClients() {
    }

    /** An initialized client of {@code http://127.0.0.1:PORT ENDPOINT}. */
    static McpSyncClient connect(int port, String endpoint, String sampledText,
                                 List<McpSchema.ProgressNotification> progress,
                                 List<McpSchema.LoggingMessageNotification> logs) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint(endpoint).build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(true).build())
                .sampling(request -> McpSchema.CreateMessageResult.builder()
                        .role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent(sampledText))
                        .model("test-model").build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("color", "blue", "number", 7, "pets", "cats")))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
        client.initialize();
        return client;
    }

    /** Every tool name, across pages. */
    static List<String> toolNames(McpSyncClient client) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            page.tools().forEach(t -> names.add(t.name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return names;
    }

    /** The text parts of a result, joined. */
    static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
