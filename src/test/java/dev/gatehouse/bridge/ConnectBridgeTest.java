package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.session.Session;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.TestPeers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gatehouse connect} spawned by the official MCP Java SDK's stdio transport, as a client that can only
 * spawn a command would, in front of a real gateway with server-everything behind it.
 */
@Timeout(300)
class ConnectBridgeTest {

    private static final String SAMPLED_TEXT = "sampled through the stdio bridge";

    @TempDir
    static Path temp;
    private static GatewayHome home;
    private static RunningGateway gateway;
    private static McpSyncClient client;
    private static final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        home = new GatewayHome(temp.resolve("home")).write("""
                [servers.everything]
                command = "%s"
                args = ["%s", "stdio"]
                """.formatted(TestPeers.node22(), TestPeers.serverEverythingEntry()));
        gateway = home.start();
        client = client("connect", "--home", home.root().toString());
        // server-everything registers its sampling tool once it knows the client supports sampling.
        await().atMost(Duration.ofSeconds(60)).until(() -> toolNames(client).contains("everything__trigger-sampling-request"));
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

    /** An initialized SDK client whose transport spawns {@code bin/gatehouse ARGS}. */
    static McpSyncClient client(String... args) {
        McpSyncClient spawned = McpClient.sync(new StdioClientTransport(BridgeProcesses.parameters(args),
                        McpJsonMapper.getDefault()))
                .requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(120))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent(SAMPLED_TEXT)).model("test-model").build())
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
        spawned.initialize();
        return spawned;
    }

    static List<String> toolNames(McpSyncClient of) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = of.listTools(cursor);
            page.tools().forEach(tool -> names.add(tool.name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return names;
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        result.content().forEach(c -> text.append(c instanceof McpSchema.TextContent t ? t.text() : ""));
        return text.toString();
    }

    private static McpSchema.CallToolResult call(McpSyncClient on, String tool, Map<String, Object> arguments) {
        return on.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    @Test
    void aStdioClientInitializesListsToolsAndCallsOneThroughTheGateway() {
        assertThat(client.getServerInfo().name()).isEqualTo("gatehouse");
        assertThat(toolNames(client)).contains("everything__echo", "gatehouse__list_servers");
        assertThat(text(call(client, "everything__echo", Map.of("message", "over stdio")))).contains("over stdio");
    }

    @Test
    void progressNotificationsOfACallReachTheClient() {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("everything__trigger-long-running-operation").arguments(Map.of("duration", 1, "steps", 3))
                .progressToken("bridge-token").build());
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.stream()
                .filter(p -> "bridge-token".equals(p.progressToken())).count() >= 2);
    }

    @Test
    void aServersSamplingRequestReachesTheClientAndItsAnswerGoesBack() {
        assertThat(text(call(client, "everything__trigger-sampling-request", Map.of("prompt", "hello"))))
                .contains(SAMPLED_TEXT);
    }

    /** After the call, server-everything logs every 5 s outside any request: those arrive on the GET stream. */
    @Test
    void notificationsOutsideAnyRequestArriveOnTheGetStream() {
        int before = logs.size();
        call(client, "everything__toggle-simulated-logging", Map.of());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.size() >= before + 2);
        } finally {
            call(client, "everything__toggle-simulated-logging", Map.of());
        }
    }

    @Test
    void serverOptionReachesOnlyThatServerUnderItsOwnNames() {
        McpSyncClient single = client("connect", "--home", home.root().toString(), "--server", "everything");
        try {
            List<String> names = toolNames(single);
            assertThat(names).contains("echo").doesNotContain("everything__echo", "gatehouse__list_servers");
            assertThat(text(call(single, "echo", Map.of("message", "one server")))).contains("one server");
        } finally {
            single.closeGracefully();
        }
    }

    @Test
    void closingStdinEndsTheGatewaySessionAndExitsZero() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            bridge.send(BridgeProcesses.initialize("eof-test"));
            assertThat(bridge.readLine()).contains("\"result\"", "\"protocolVersion\"");
            bridge.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionOf("eof-test") != null);
            bridge.closeStdin();
            assertThat(bridge.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(sessionOf("eof-test")).isNull();
        }
    }

    /** What a gateway restart looks like to the bridge: the session is unknown (404) on the next message. */
    @Test
    void aSessionTheGatewayLostIsOpenedAgainAndTheClientCarriesOn() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            bridge.send(BridgeProcesses.initialize("reopen-test"));
            assertThat(bridge.readLine()).contains("\"result\"");
            bridge.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionOf("reopen-test") != null);
            String lost = sessionOf("reopen-test").id();
            gateway.gateway().sessions().end(lost);
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(bridge.readLine()).contains("\"id\":2,\"result\"", "everything__echo");
            assertThat(sessionOf("reopen-test")).isNotNull().extracting(Session::id).isNotEqualTo(lost);
        }
    }

    @Test
    void aModernClientsRequestsPassWithoutInitialize() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"server/discover\",\"params\":{" + meta + "}}");
            assertThat(bridge.readLine()).contains("\"id\":\"d\"", "\"result\"", "\"capabilities\"");
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"everything__echo\",\"arguments\":{\"message\":\"modern\"}," + meta + "}}");
            assertThat(bridge.readLine()).contains("\"id\":7", "modern", "\"resultType\":\"complete\"");
            bridge.closeStdin();
            assertThat(bridge.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(bridge.stdoutLines()).isEmpty();
        }
    }

    /** A modern request is cancelled by closing its stream; the client, having cancelled it, gets no answer. */
    @Test
    void aModernClientsCancellationClosesTheRequestAndNoAnswerFollows() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"everything__trigger-long-running-operation\",\"arguments\":{\"duration\":4,\"steps\":4},"
                    + meta + "}}");
            bridge.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}");
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\",\"params\":{" + meta + "}}");
            assertThat(bridge.readLine()).contains("\"id\":10,\"result\"");
            // The operation would have answered after 4 s; nothing for id 9 may appear in that time and after.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> bridge.stdoutLines().stream().noneMatch(line -> line.contains("\"id\":9")));
        }
    }

    @Test
    void aLineThatIsNotJsonGetsAParseErrorAndTheBridgeGoesOn() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            bridge.send("{not json");
            assertThat(bridge.readLine()).contains("\"id\":null", "-32700");
            bridge.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
            assertThat(bridge.readLine()).contains("\"id\":null", "batches are not supported");
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":\"early\",\"method\":\"ping\"}");
            assertThat(bridge.readLine()).contains("\"id\":\"early\"", "\"error\"", "Mcp-Session-Id");
            bridge.send(BridgeProcesses.initialize("after-garbage"));
            assertThat(bridge.readLine()).contains("\"result\"");
        }
    }

    private static Session sessionOf(String clientName) {
        return gateway.gateway().sessions().all().stream()
                .filter(s -> s.clientInfo() != null && clientName.equals(s.clientInfo().path("name").asString("")))
                .findFirst().orElse(null);
    }
}
