package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two server-everything children behind one gateway, as {@code alpha} and {@code beta}, driven by the official MCP
 * Java SDK client over {@code /mcp}: every name is namespaced, every message type routes to the right child and
 * back, and server-to-client requests reach the client's handlers.
 */
@Timeout(120)
class AggregationEndToEndTest {

    private static final String SAMPLED_TEXT = "sampled by the test client";

    private static RunningGateway gateway;
    private static McpSyncClient client;
    private static final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(EverythingServers.named("alpha"), EverythingServers.named("beta"))));
        client = client("/mcp");
        // server-everything registers its sampling and elicitation tools once it knows the client supports them.
        await().atMost(Duration.ofSeconds(30)).until(() -> toolNames().contains("beta__trigger-sampling-request"));
    }

    private static McpSyncClient client(String endpoint) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + gateway.port()).endpoint(endpoint).build();
        McpSyncClient sdk = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(true).build())
                .sampling(request -> McpSchema.CreateMessageResult.builder()
                        .role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent(SAMPLED_TEXT))
                        .model("test-model").build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("color", "blue", "number", 7, "pets", "cats")))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
        sdk.initialize();
        return sdk;
    }

    @AfterAll
    static void stop() throws Exception {
        client.closeGracefully();
        gateway.close();
    }

    private static List<String> toolNames() {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            page.tools().forEach(t -> names.add(t.name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return names;
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    @Test
    void listsToolsOfEveryServerUnderItsOwnNamespace() {
        List<String> names = toolNames();
        assertThat(names).contains("alpha__echo", "beta__echo", "alpha__get-sum", "beta__get-structured-content",
                "gatehouse__list_servers", "gatehouse__server_status");
        assertThat(names).noneMatch(name -> name.equals("echo"));
        McpSchema.Tool echo = client.listTools().tools().stream().filter(t -> t.name().equals("alpha__echo"))
                .findFirst().orElseThrow();
        assertThat(echo.annotations().readOnlyHint()).isTrue();
        assertThat(echo.inputSchema().properties()).containsKey("message");
    }

    @Test
    void routesEachCallToTheServerItsNameNames() {
        assertThat(text(call("alpha__echo", Map.of("message", "to alpha")))).contains("Echo: to alpha");
        assertThat(text(call("beta__get-sum", Map.of("a", 2, "b", 3)))).contains("5");
    }

    @Test
    void passesStructuredOutputThrough() {
        McpSchema.CallToolResult result = call("beta__get-structured-content", Map.of("location", "Chicago"));
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).isNotNull();
    }

    @Test
    void deliversProgressUnderTheClientsOwnToken() {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("alpha__trigger-long-running-operation").arguments(Map.of("duration", 1, "steps", 4))
                .progressToken("client-token-7").build());
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        await().atMost(Duration.ofSeconds(5)).until(() -> progress.stream()
                .filter(p -> "client-token-7".equals(p.progressToken())).count() >= 3);
    }

    @Test
    void sendsSamplingRequestsToTheClientAndTheAnswerBack() {
        McpSchema.CallToolResult result = call("beta__trigger-sampling-request", Map.of("prompt", "hello"));
        assertThat(text(result)).contains(SAMPLED_TEXT);
    }

    @Test
    void sendsElicitationRequestsToTheClientAndTheAnswerBack() {
        McpSchema.CallToolResult result = call("alpha__trigger-elicitation-request", Map.of());
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(result).toLowerCase()).contains("accept");
    }

    @Test
    void namespacesPromptsAndForwardsTheirArguments() {
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                .contains("alpha__simple-prompt", "beta__args-prompt");
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("beta__args-prompt",
                Map.of("city", "Trondheim", "state", "Norway")));
        assertThat(prompt.messages()).isNotEmpty();
        assertThat(((McpSchema.TextContent) prompt.messages().getFirst().content()).text()).contains("Trondheim");
    }

    @Test
    void listsResourcesAndTemplatesAndReadsThroughTheOwningServer() {
        assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                .contains("demo://resource/static/document/architecture.md");
        assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .contains("demo://resource/dynamic/text/{resourceId}");
        McpSchema.ReadResourceResult read = client.readResource(
                new McpSchema.ReadResourceRequest("demo://resource/dynamic/text/3"));
        assertThat(read.contents()).isNotEmpty();
        assertThat(read.contents().getFirst().uri()).isEqualTo("demo://resource/dynamic/text/3");
    }

    @Test
    void routesCompletionsToThePromptsServer() {
        McpSchema.CompleteResult result = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("alpha__completable-prompt"),
                new McpSchema.CompleteRequest.CompleteArgument("department", "Eng")));
        assertThat(result.completion().values()).contains("Engineering");
    }

    @Test
    void fansOutTheLogLevelAndForwardsLogMessagesWithTheServersName() {
        client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
        call("alpha__toggle-simulated-logging", Map.of());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.stream()
                    .anyMatch(log -> log.logger() != null && log.logger().startsWith("alpha")));
        } finally {
            call("alpha__toggle-simulated-logging", Map.of());
        }
    }

    @Test
    void builtInServerDescribesEveryServer() {
        McpSchema.CallToolResult result = call("gatehouse__list_servers", Map.of());
        String listing = text(result);
        assertThat(listing).contains("\"name\":\"alpha\"", "\"name\":\"beta\"", "\"state\":\"ready\"",
                "\"transport\":\"stdio\"");
        McpSchema.CallToolResult status = call("gatehouse__server_status", Map.of("name", "alpha"));
        assertThat(text(status)).contains("\"protocolVersion\"", "\"envNames\"").doesNotContain("PATH=");
    }

    @Test
    void sessionsSharingOneChildEachGetTheirOwnAnswers() throws Exception {
        McpSyncClient second = client("/mcp");
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                McpSyncClient who = i % 2 == 0 ? client : second;
                String message = "message-" + i;
                calls.add(pool.submit(() -> text(who.callTool(McpSchema.CallToolRequest.builder()
                        .name("alpha__echo").arguments(Map.of("message", message)).build()))
                        .equals("Echo: " + message)));
            }
            for (Future<Boolean> matched : calls) {
                assertThat(matched.get()).isTrue();
            }
        } finally {
            second.closeGracefully();
        }
    }

    @Test
    void singleServerEndpointShowsNamesUnchanged() {
        McpSyncClient single = client("/s/beta/mcp");
        try {
            assertThat(single.listTools().tools()).extracting(McpSchema.Tool::name).contains("echo", "get-sum")
                    .noneMatch(name -> name.contains("__"));
            assertThat(text(single.callTool(McpSchema.CallToolRequest.builder().name("echo")
                    .arguments(Map.of("message", "direct")).build()))).contains("Echo: direct");
        } finally {
            single.closeGracefully();
        }
    }
}
