package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.cli.CliRun;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The capture records the headers of every era and transport, not only of legacy Streamable HTTP: a 2026-07-28
 * request (answered as JSON and as an event stream) and a request over the deprecated HTTP+SSE transport (answered
 * on the session's stream after a 202) keep their request and reply headers, redacted before they are written, and
 * show them in {@code logs show}, {@code logs export} and {@code gatehouse__get_exchange}. A live gateway, a real
 * traffic.db, real clients.
 */
@Timeout(120)
class CaptureHeadersAcrossErasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODERN_TOKEN = "modern-bearer-5f1d2c";
    private static final String SSE_TOKEN = "sse-bearer-9a8b7c";
    private static final String API_KEY = "sk-live-header-value-0123";
    private static Path root;
    private static RunningGateway gateway;
    private static TrafficLog log;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("gatehouse-capture-headers");
        gateway = new GatewayHome(root.resolve("home")).write(GatewayHome.scriptedServer("echo")).start();
        log = gateway.capture().orElseThrow().log();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static ExchangeSummary awaitExchange(String method, String grep) {
        return await().atMost(15, TimeUnit.SECONDS).until(() -> log.search(TrafficQuery.latest().withMethod(method)
                .withGrep(grep)), found -> !found.isEmpty()).getFirst();
    }

    /** The exchange as {@code gatehouse logs show --json} prints it (through the management API). */
    private static JsonNode shown(long id) {
        CliRun run = CliRun.of(root.resolve("home"), "logs", "show", Long.toString(id), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static void assertNoSecretInTrafficDb(String... secrets) throws Exception {
        Path wal = root.resolve("home/traffic.db-wal");
        String db = new String(Files.readAllBytes(root.resolve("home/traffic.db")), StandardCharsets.ISO_8859_1)
                + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "");
        for (String secret : secrets) {
            assertThat(db).doesNotContain(secret);
        }
    }

    @Test
    void aModernRequestAnsweredAsJsonKeepsItsRedactedRequestHeadersAndItsReplysStatusAndHeaders() throws Exception {
        try (ModernClient client = new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"), "{}")) {
            JsonNode answer = client.request("tools/call", ModernClient.json(
                    "{\"name\":\"echo__echo\",\"arguments\":{\"text\":\"modern json headers\"}}"),
                    "Authorization", "Bearer " + MODERN_TOKEN, "X-Api-Key", API_KEY);
            assertThat(answer.path("result").path("content").get(0).path("text").asString())
                    .isEqualTo("modern json headers");
        }

        ExchangeSummary summary = awaitExchange("tools/call", "modern json headers");
        assertThat(summary.httpStatus()).isEqualTo(200);
        JsonNode shown = shown(summary.id());
        assertThat(shown.path("requestHeaders").path("Authorization").get(0).asString()).isEqualTo("[redacted]");
        assertThat(shown.path("requestHeaders").path("X-Api-Key").get(0).asString()).isEqualTo("[redacted]");
        assertThat(shown.path("requestHeaders").path("Mcp-Method").get(0).asString()).isEqualTo("tools/call");
        assertThat(shown.path("requestHeaders").path("Mcp-Name").get(0).asString()).isEqualTo("echo__echo");
        assertThat(shown.path("requestHeaders").path("MCP-Protocol-Version").get(0).asString())
                .isEqualTo(ModernClient.VERSION);
        assertThat(shown.path("responseHeaders").path("Content-Type").get(0).asString())
                .isEqualTo("application/json");
        assertThat(shown.toString()).doesNotContain(MODERN_TOKEN).doesNotContain(API_KEY);
        assertNoSecretInTrafficDb(MODERN_TOKEN, API_KEY);
    }

    @Test
    void aModernRequestAnsweredAsAnEventStreamKeepsTheStreamsHeaders() throws Exception {
        try (ModernClient client = new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"), "{}")) {
            var messages = client.exchange("tools/call", ModernClient.json("{\"name\":\"echo__progress\","
                    + "\"arguments\":{\"steps\":2,\"intervalMs\":1},\"_meta\":{\"progressToken\":\"modern-p\"}}"),
                    "Authorization", "Bearer " + MODERN_TOKEN);
            assertThat(messages.size()).as("progress came first, so the answer was streamed").isGreaterThan(1);
        }

        ExchangeSummary summary = await().atMost(15, TimeUnit.SECONDS).until(() -> log.search(TrafficQuery.latest()
                .withTool("echo__progress")), found -> !found.isEmpty()).getFirst();
        assertThat(summary.httpStatus()).isEqualTo(200);
        JsonNode shown = shown(summary.id());
        assertThat(shown.path("requestHeaders").path("Authorization").get(0).asString()).isEqualTo("[redacted]");
        assertThat(shown.path("responseHeaders").path("Content-Type").get(0).asString())
                .startsWith("text/event-stream");
        assertNoSecretInTrafficDb(MODERN_TOKEN);
    }

    @Test
    void anHttpSseRequestKeepsThePostsRedactedHeadersAndThe202ThatAcceptedIt() throws Exception {
        HttpClientSseClientTransport transport = HttpClientSseClientTransport
                .builder("http://127.0.0.1:" + gateway.port()).sseEndpoint("/sse")
                .customizeRequest(request -> request.header("Authorization", "Bearer " + SSE_TOKEN)
                        .header("X-Api-Key", API_KEY))
                .build();
        try (McpSyncClient sse = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("old-sse-client", "2")).build()) {
            sse.initialize();
            McpSchema.CallToolResult result = sse.callTool(new McpSchema.CallToolRequest("echo__echo",
                    Map.of("text", "sse headers")));
            assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).isEqualTo("sse headers");
        }

        ExchangeSummary call = awaitExchange("tools/call", "sse headers");
        assertThat(call.httpStatus()).isEqualTo(202);
        JsonNode shown = shown(call.id());
        assertThat(shown.path("requestHeaders").path("Authorization").get(0).asString()).isEqualTo("[redacted]");
        assertThat(shown.path("requestHeaders").path("X-Api-Key").get(0).asString()).isEqualTo("[redacted]");
        assertThat(shown.path("requestHeaders").path("Content-Type").get(0).asString()).startsWith("application/json");
        assertThat(shown.path("responseHeaders").isObject()).as("the 202's headers, however few").isTrue();

        ExchangeSummary init = log.search(TrafficQuery.latest().withMethod("initialize").withSession(call.session()))
                .getFirst();
        assertThat(init.httpStatus()).isEqualTo(202);
        assertThat(shown(init.id()).path("requestHeaders").path("Authorization").get(0).asString())
                .isEqualTo("[redacted]");

        CliRun export = CliRun.of(root.resolve("home"), "logs", "export", "--session", call.session());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("\"X-Api-Key\":[\"[redacted]\"]").doesNotContain(SSE_TOKEN)
                .doesNotContain(API_KEY);
        assertNoSecretInTrafficDb(SSE_TOKEN, API_KEY);
    }

    @Test
    void theGatewaysOwnToolShowsTheRecordedHeadersOfAModernExchange() throws Exception {
        try (ModernClient client = new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"), "{}")) {
            client.request("tools/call", ModernClient.json(
                    "{\"name\":\"echo__echo\",\"arguments\":{\"text\":\"for the agent\"}}"),
                    "Authorization", "Bearer " + MODERN_TOKEN);
        }
        long id = awaitExchange("tools/call", "for the agent").id();

        McpSessionClient legacy = new McpSessionClient(gateway.port(), "/mcp");
        legacy.initialize();
        JsonNode exchange = McpSessionClient.response(legacy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                + "\"tools/call\",\"params\":{\"name\":\"gatehouse__get_exchange\",\"arguments\":{\"id\":"
                + id + "}}}")).path("result").path("structuredContent");
        assertThat(exchange.path("requestHeaders").path("Authorization").get(0).asString()).isEqualTo("[redacted]");
        assertThat(exchange.path("requestHeaders").path("Mcp-Method").get(0).asString()).isEqualTo("tools/call");
        assertThat(exchange.path("responseHeaders").path("Content-Type").get(0).asString())
                .isEqualTo("application/json");
        legacy.delete();
    }
}
