package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.EverythingHttpServer;
import dev.gatehouse.testing.TestPeers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * server-everything reached over HTTP behind the gateway: {@code web} over Streamable HTTP, {@code old} over the
 * deprecated HTTP+SSE transport (found by {@code transport = "auto"}), driven by the official Java SDK client
 * through {@code /mcp}. Server-to-client requests travel back as POSTs, and messages the servers start on their
 * own (log lines, on the legacy GET stream) reach the client.
 */
@Timeout(180)
class RemoteServersEndToEndTest {

    private static final String SAMPLED_TEXT = "sampled over http by the test client";
    private static final Path LOGS = TestPeers.projectDir().resolve("target/remote-e2e");

    private static EverythingHttpServer streamable;
    private static EverythingHttpServer sse;
    private static RunningGateway gateway;
    private static McpSyncClient client;
    private static final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        streamable = EverythingHttpServer.start(EverythingHttpServer.Mode.STREAMABLE_HTTP, LOGS.resolve("web.log"));
        sse = EverythingHttpServer.start(EverythingHttpServer.Mode.SSE, LOGS.resolve("old.log"));
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ServerConfig.remote("web", ServerConfig.Remote.of(streamable.url()), true, Duration.ofSeconds(30)),
                ServerConfig.remote("old", ServerConfig.Remote.of(sse.url()), true, Duration.ofSeconds(30)))));
        client = SdkClients.connect(gateway.port(), "/mcp", SAMPLED_TEXT, progress, logs);
        await().atMost(Duration.ofSeconds(60)).until(() -> toolNames().containsAll(List.of("web__echo", "old__echo",
                "web__trigger-sampling-request", "old__trigger-sampling-request")));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.closeGracefully();
            }
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (streamable != null) {
                streamable.close();
            }
            if (sse != null) {
                sse.close();
            }
        }
    }

    private static List<String> toolNames() {
        return SdkClients.toolNames(client);
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    private static String text(McpSchema.CallToolResult result) {
        return SdkClients.text(result);
    }

    @Test
    void routesCallsOverBothTransports() {
        assertThat(text(call("web__echo", Map.of("message", "over streamable http"))))
                .isEqualTo("Echo: over streamable http");
        assertThat(text(call("old__echo", Map.of("message", "over http+sse")))).isEqualTo("Echo: over http+sse");
    }

    @Test
    void reportsWhichTransportEachServerSpeaks() {
        String listing = text(call("gatehouse__list_servers", Map.of()));
        assertThat(listing).contains("\"name\":\"web\"", "\"name\":\"old\"", "\"transport\":\"streamable-http\"",
                "\"transport\":\"sse\"");
    }

    @Test
    void deliversProgressFromAStreamedAnswer() {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("web__trigger-long-running-operation").arguments(Map.of("duration", 1, "steps", 4))
                .progressToken("remote-token-3").build());
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        await().atMost(Duration.ofSeconds(5)).until(() -> progress.stream()
                .filter(p -> "remote-token-3".equals(p.progressToken())).count() >= 3);
    }

    @Test
    void sendsSamplingRequestsToTheClientAndTheAnswerBackOverEachTransport() {
        assertThat(text(call("web__trigger-sampling-request", Map.of("prompt", "hello")))).contains(SAMPLED_TEXT);
        assertThat(text(call("old__trigger-sampling-request", Map.of("prompt", "hello")))).contains(SAMPLED_TEXT);
    }

    @Test
    void sendsElicitationRequestsToTheClientAndTheAnswerBack() {
        McpSchema.CallToolResult result = call("web__trigger-elicitation-request", Map.of());
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(result).toLowerCase()).contains("accept");
    }

    @Test
    void readsResourcesAndSubscribesThroughTheRemoteServer() {
        McpSchema.ReadResourceResult read = client.readResource(
                new McpSchema.ReadResourceRequest("demo://resource/dynamic/text/5"));
        assertThat(read.contents()).isNotEmpty();
        client.subscribeResource(new McpSchema.SubscribeRequest("demo://resource/dynamic/text/5"));
        client.unsubscribeResource(new McpSchema.UnsubscribeRequest("demo://resource/dynamic/text/5"));
    }

    @Test
    void carriesMessagesTheServerStartsOnItsOwnStream() {
        client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
        call("web__toggle-simulated-logging", Map.of());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.stream()
                    .anyMatch(log -> log.logger() != null && log.logger().startsWith("web")));
        } finally {
            call("web__toggle-simulated-logging", Map.of());
        }
    }
}
