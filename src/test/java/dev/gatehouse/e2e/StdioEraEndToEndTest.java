package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.upstream.stdio.ScriptedServers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A modern (2026-07-28) and a legacy stdio server behind one gateway, as real child processes, driven by the Java
 * SDK client: each is spoken to in its own era, and {@code list_servers} shows which.
 */
@Timeout(120)
class StdioEraEndToEndTest {

    private static RunningGateway gateway;
    private static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                stdio("modern", "--modern"), stdio("legacy"))));
        client = SdkClients.connect(gateway.port(), "/mcp", "unused", new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(60)).until(() -> SdkClients.toolNames(client)
                .containsAll(List.of("modern__echo", "legacy__echo")));
    }

    private static ServerConfig stdio(String name, String... serverArgs) {
        List<String> command = ScriptedServers.javaCommand(serverArgs);
        return new ServerConfig(name, command.getFirst(), command.subList(1, command.size()), Map.of(), null, true,
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeGracefully();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    @Test
    void callsReachBothErasAndTheModernOneCarriesItsMeta() {
        assertThat(SdkClients.text(call("modern__echo", Map.of("text", "to modern")))).isEqualTo("to modern");
        assertThat(SdkClients.text(call("legacy__echo", Map.of("text", "to legacy")))).isEqualTo("to legacy");
        assertThat(call("modern__meta", Map.of()).structuredContent().toString())
                .contains("io.modelcontextprotocol/protocolVersion=2026-07-28");
    }

    @Test
    void listServersShowsEachServersEra() {
        String listing = SdkClients.text(call("gatehouse__list_servers", Map.of()));
        assertThat(listing).contains("\"name\":\"modern\"", "\"protocolVersion\":\"2026-07-28\",\"era\":\"modern\"",
                "\"name\":\"legacy\"", "\"protocolVersion\":\"2025-11-25\",\"era\":\"legacy\"");
    }
}
