package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.RawHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deprecated HTTP+SSE transport (2024-11-05), driven by the official Java SDK's SSE client: aggregate and
 * single-server endpoints, a server-to-client request round-trip, and the same gate as every other request.
 */
@Timeout(90)
class LegacySseTransportTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(EverythingServers.named("alpha"))));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static McpSyncClient client(String sseEndpoint) {
        HttpClientSseClientTransport transport = HttpClientSseClientTransport
                .builder("http://127.0.0.1:" + gateway.port()).sseEndpoint(sseEndpoint).build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent("sampled over old SSE")).model("m").build())
                .build();
        client.initialize();
        return client;
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void aggregateEndpointServesOldSseClients() {
        McpSyncClient client = client("/sse");
        try {
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("alpha__echo", "gatehouse__list_servers");
            assertThat(text(client.callTool(McpSchema.CallToolRequest.builder().name("alpha__echo")
                    .arguments(Map.of("message", "old")).build()))).isEqualTo("Echo: old");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void singleServerEndpointCarriesServerRequestsToTheClient() throws Exception {
        McpSyncClient client = client("/s/alpha/sse");
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.listTools().tools()
                    .stream().anyMatch(t -> t.name().equals("trigger-sampling-request")));
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                    .name("trigger-sampling-request").arguments(Map.of("prompt", "hi")).build());
            assertThat(text(result)).contains("sampled over old SSE");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void oldSseEndpointsPassTheSameGate() throws Exception {
        RawHttp http = new RawHttp(gateway.port());
        RawHttp.Reply foreign = http.send("GET", "/sse", List.of("Host: evil.example", "Accept: text/event-stream"),
                null);
        assertThat(foreign.status()).isEqualTo(403);
        RawHttp.Reply unknown = http.send("POST", "/messages?sessionId=nope", List.of("Host: localhost",
                "Content-Type: application/json"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes());
        assertThat(unknown.status()).isEqualTo(404);
    }
}
