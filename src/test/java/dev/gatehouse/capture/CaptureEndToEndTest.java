package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.config.CaptureMode;
import dev.gatehouse.config.CaptureSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.upstream.stdio.ScriptedServers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A live gateway recording three copies of the scripted stdio server, captured in full, as metadata and not at
 * all, driven over HTTP like a client would; what it recorded is read back through the capture's API, the
 * built-in MCP tools and, for tables the API does not list, the database itself.
 */
@Timeout(120)
class CaptureEndToEndTest {

    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static Path home;
    private static RunningGateway gateway;
    private static TrafficLog log;
    private static McpSessionClient client;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("gatehouse-capture");
        List<ServerConfig> servers = new ArrayList<>();
        servers.add(server("scripted", CaptureMode.FULL));
        servers.add(server("meta", CaptureMode.METADATA));
        servers.add(server("quiet", CaptureMode.OFF));
        GatewayConfig config = new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), servers,
                CaptureSettings.DEFAULTS);
        gateway = RunningGateway.start(config, HomeLayout.at(home).prepare());
        log = gateway.capture().orElseThrow().log();
        client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
    }

    private static ServerConfig server(String name, CaptureMode mode) {
        List<String> command = ScriptedServers.javaCommand();
        return new ServerConfig(name, command.getFirst(), command.subList(1, command.size()), Map.of(), null, true,
                Duration.ofSeconds(20), mode);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static JsonNode call(String tool, String arguments, String... headers) throws Exception {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"" + tool + "-call\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}", headers);
        assertThat(reply.status()).isEqualTo(200);
        return McpSessionClient.response(reply);
    }

    private static List<ExchangeSummary> awaitFound(TrafficQuery query) {
        return await().atMost(10, TimeUnit.SECONDS).until(() -> log.search(query), found -> !found.isEmpty());
    }

    private static List<String> column(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("traffic.db"));
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void recordsAToolCallWithItsServerToolTimingSizeAndRedactedHeadersAndBodies() throws Exception {
        call("scripted__echo", "{\"text\":\"headed call, key " + AWS_KEY + "\"}",
                "Authorization: Bearer client-token-123");

        // By its text: another test's call of the same tool may be committed after this one is looked for.
        ExchangeSummary summary = awaitFound(TrafficQuery.latest().withTool("scripted__echo")
                .withGrep("headed call, key")).getFirst();
        assertThat(summary.server()).isEqualTo("scripted");
        assertThat(summary.target()).isEqualTo("echo");
        assertThat(summary.method()).isEqualTo("tools/call");
        assertThat(summary.rpcId()).isEqualTo("\"scripted__echo-call\"");
        assertThat(summary.direction()).isEqualTo("client_to_server");
        assertThat(summary.session()).isEqualTo(SessionHandles.of(client.sessionId()));
        assertThat(summary.outcome()).isEqualTo("ok");
        assertThat(summary.httpStatus()).isEqualTo(200);
        assertThat(summary.durationMicros()).isPositive();
        assertThat(summary.requestBytes()).isPositive();
        assertThat(summary.responseBytes()).isPositive();
        assertThat(summary.capture()).isEqualTo("full");

        ExchangeDetail detail = log.exchange(summary.id()).orElseThrow();
        assertThat(detail.requestHeaders()).contains("\"Authorization\":[\"[redacted]\"]")
                .contains("\"Mcp-Session-Id\":[\"[redacted]\"]")
                .doesNotContain("client-token-123").doesNotContain(client.sessionId());
        // Jetty adds Date itself, as the client saw it.
        assertThat(detail.responseHeaders()).matches("\\{\"Date\":\\[\"[^\"]+ GMT\"],"
                + "\"Content-Type\":\\[\"application/json\"],\"Cache-Control\":\\[\"no-store\"]}");
        assertThat(detail.requestBody()).contains("[redacted:aws-access-key]").doesNotContain(AWS_KEY);
        assertThat(detail.responseBody()).contains("[redacted:aws-access-key]").doesNotContain(AWS_KEY);
        assertThat(Files.readAllBytes(home.resolve("traffic.db"))).asString().doesNotContain(AWS_KEY);
    }

    @Test
    void keepsNoBodiesForAServerCapturedAsMetadataAndNothingForOneCapturedOff() throws Exception {
        call("meta__echo", "{\"text\":\"private words\"}");
        call("quiet__echo", "{\"text\":\"unrecorded words\"}");
        call("scripted__echo", "{\"text\":\"marker after both\"}");
        awaitFound(TrafficQuery.latest().withGrep("marker after both"));

        ExchangeSummary meta = awaitFound(TrafficQuery.latest().withServer("meta")).getFirst();
        assertThat(meta.capture()).isEqualTo("metadata");
        assertThat(meta.requestBytes()).isPositive();
        ExchangeDetail detail = log.exchange(meta.id()).orElseThrow();
        assertThat(detail.requestBody()).isNull();
        assertThat(detail.requestHeaders()).isNull();
        assertThat(log.search(TrafficQuery.latest().withServer("quiet"))).isEmpty();
        assertThat(log.search(TrafficQuery.latest().withGrep("unrecorded"))).isEmpty();
        assertThat(column("SELECT server FROM upstream_events")).doesNotContain("quiet");
    }

    @Test
    void recordsErrorsWithTheirCodeAndMessage() throws Exception {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/get\","
                + "\"params\":{\"name\":\"scripted__missing\"}}");
        assertThat(McpSessionClient.response(reply).path("error").path("code").asInt()).isEqualTo(-32601);

        ExchangeSummary error = awaitFound(TrafficQuery.latest().withErrorsOnly(true)
                .withMethod("prompts/get")).getFirst();
        assertThat(error.server()).isEqualTo("scripted");
        assertThat(error.outcome()).isEqualTo("error");
        assertThat(error.errorCode()).isEqualTo(-32601);
        assertThat(error.errorMessage()).isEqualTo("no method prompts/get");
    }

    @Test
    void recordsTheHeadersOfAnAnswerStreamedAsServerSentEvents() throws Exception {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"streamed\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"scripted__progress\",\"arguments\":{\"steps\":2,\"intervalMs\":1},"
                + "\"_meta\":{\"progressToken\":\"p-streamed\"}}}");
        assertThat(reply.header("Content-Type")).startsWith("text/event-stream");

        ExchangeSummary streamed = await().atMost(10, TimeUnit.SECONDS).until(() -> log.search(TrafficQuery.latest()
                .withTool("scripted__progress")).stream().filter(e -> e.rpcId().equals("\"streamed\"")).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(streamed.httpStatus()).isEqualTo(200);
        assertThat(log.exchange(streamed.id()).orElseThrow().responseHeaders())
                .contains("\"Content-Type\":[\"text/event-stream\"]", "\"X-Accel-Buffering\":[\"no\"]");
    }

    @Test
    void recordsTheInitializeReplyWithItsSessionHeaderRedacted() throws Exception {
        ExchangeSummary init = awaitFound(TrafficQuery.latest().withMethod("initialize")
                .withSession(SessionHandles.of(client.sessionId()))).getFirst();
        ExchangeDetail detail = log.exchange(init.id()).orElseThrow();

        assertThat(init.httpStatus()).isEqualTo(200);
        assertThat(detail.requestHeaders()).contains("\"Content-Type\":[\"application/json\"]");
        assertThat(detail.responseHeaders()).contains("\"Mcp-Session-Id\":[\"[redacted]\"]",
                "\"Content-Type\":[\"application/json\"]").doesNotContain(client.sessionId());
    }

    @Test
    void recordsServerNotificationsAndLifecycleEventsWithTheExitCode() throws Exception {
        call("scripted__progress", "{\"steps\":2,\"intervalMs\":1}");
        RawHttp.Reply crash = client.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"meta__crash\",\"arguments\":{\"code\":3}}}");
        assertThat(McpSessionClient.response(crash).has("error")).isTrue();

        await().atMost(10, TimeUnit.SECONDS).until(() -> column(
                "SELECT method FROM notifications WHERE server = 'scripted'").contains("notifications/progress"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> column(
                "SELECT event || ':' || COALESCE(exit_code, '') FROM upstream_events WHERE server = 'meta'")
                .contains("crash:3"));
        assertThat(column("SELECT event FROM upstream_events WHERE server = 'scripted'")).contains("start", "ready");
    }

    @Test
    void recordsASessionFromStartToEndUnderItsHandle() throws Exception {
        McpSessionClient other = new McpSessionClient(gateway.port(), "/s/scripted/mcp");
        other.initialize();
        String handle = SessionHandles.of(other.sessionId());
        other.delete();
        await().atMost(10, TimeUnit.SECONDS).until(() -> column(
                "SELECT client_name || '/' || endpoint || '/' || era FROM sessions WHERE id = '" + handle
                        + "' AND ended_at IS NOT NULL"), rows -> rows.equals(List.of("gatehouse-tests/"
                + "/s/scripted/mcp/legacy")));
        assertThat(column("SELECT id FROM sessions")).doesNotContain(other.sessionId());
    }

    @Test
    void recordsEachSessionsClientVersionProtocolVersionEraAndTransport() throws Exception {
        McpSessionClient streamable = new McpSessionClient(gateway.port(), "/mcp");
        streamable.initialize();
        String handle = SessionHandles.of(streamable.sessionId());
        HttpClientSseClientTransport transport = HttpClientSseClientTransport
                .builder("http://127.0.0.1:" + gateway.port()).sseEndpoint("/s/scripted/sse").build();
        try (McpSyncClient sse = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("old-sse-client", "7.1")).build()) {
            sse.initialize();
            sse.ping();
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> column("SELECT client_name || '/' || client_version || '/'"
                + " || protocol_version || '/' || era || '/' || transport || '/' || endpoint FROM sessions"),
                rows -> rows.contains("gatehouse-tests/1/2025-11-25/legacy/streamable-http//mcp")
                        && rows.stream().anyMatch(row -> row.matches("old-sse-client/7\\.1/[0-9-]+/legacy/sse/"
                        + "/s/scripted/mcp")));
        assertThat(column("SELECT transport FROM sessions WHERE id = '" + handle + "'")).containsExactly(
                "streamable-http");
        await().atMost(10, TimeUnit.SECONDS).until(() -> column("SELECT e.method FROM exchanges e JOIN sessions s"
                + " ON s.id = e.session_id WHERE s.transport = 'sse'"), methods -> methods.contains("initialize"));
    }

    @Test
    void recordsTheRestartAfterACrashAndTheGatewaysOwnRestartAsRestartsWithTheirReasons() throws Exception {
        RawHttp.Reply crash = client.post("{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"meta__crash\",\"arguments\":{\"code\":4}}}");
        assertThat(McpSessionClient.response(crash).has("error")).isTrue();

        await().atMost(30, TimeUnit.SECONDS).until(() -> String.join(",", column("SELECT event || ':' ||"
                + " coalesce(exit_code, '-') FROM upstream_events WHERE server = 'meta' ORDER BY id")),
                events -> events.contains("crash:4,restart:-,ready:-"));

        gateway.gateway().restart("scripted", "a test asked");
        List<String> restarted = await().atMost(30, TimeUnit.SECONDS).until(() -> column("SELECT event || ':' ||"
                + " coalesce(detail, '-') FROM upstream_events WHERE server = 'scripted' ORDER BY id"),
                events -> String.join(",", events).endsWith("restart:a test asked,ready:-"));
        assertThat(restarted).noneMatch(event -> event.startsWith("stop:"));
    }

    @Test
    void recordsAServerRequestTheGatewayRefusedForAClientThatCannotSample() throws Exception {
        RawHttp http = new RawHttp(gateway.port());
        RawHttp.Reply init = http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"plain\",\"version\":\"1\"}}}", List.of());
        String session = init.header("Mcp-Session-Id");
        http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"scripted__sample\",\"arguments\":{}}}", List.of("Mcp-Session-Id: " + session));

        ExchangeSummary refused = awaitFound(TrafficQuery.latest().withMethod("sampling/createMessage")).getFirst();
        assertThat(refused.direction()).isEqualTo("server_to_client");
        assertThat(refused.server()).isEqualTo("scripted");
        assertThat(refused.session()).isEqualTo(SessionHandles.of(session));
        assertThat(refused.outcome()).isEqualTo("error");
        assertThat(refused.errorMessage()).contains("'sampling' capability");
    }

    @Test
    void letsAnAgentSearchReadAndSummariseTheTrafficThroughTheBuiltinTools() throws Exception {
        call("scripted__echo", "{\"text\":\"find me\"}");
        awaitFound(TrafficQuery.latest().withGrep("find me"));

        JsonNode search = call("gatehouse__search_traffic", "{\"server\":\"scripted\",\"grep\":\"find me\"}");
        JsonNode exchanges = search.path("result").path("structuredContent").path("exchanges");
        assertThat(exchanges.size()).isEqualTo(1);
        assertThat(exchanges.get(0).path("tool").asString()).isEqualTo("echo");
        long id = exchanges.get(0).path("id").asLong();

        JsonNode exchange = call("gatehouse__get_exchange", "{\"id\":" + id + "}");
        assertThat(exchange.path("result").path("structuredContent").path("request").path("params")
                .path("arguments").path("text").asString()).isEqualTo("find me");

        JsonNode stats = call("gatehouse__traffic_stats", "{\"since\":\"1h\",\"server\":\"scripted\"}");
        JsonNode rows = stats.path("result").path("structuredContent").path("rows");
        assertThat(rows.get(0).path("server").asString()).isEqualTo("scripted");
        assertThat(rows.get(0).path("calls").asLong()).isPositive();

        JsonNode bad = call("gatehouse__search_traffic", "{\"since\":\"yesterday\"}");
        assertThat(bad.path("result").path("isError").asBoolean()).isTrue();
        assertThat(bad.path("result").path("content").get(0).path("text").asString()).contains("not a time");

        ExchangeSummary own = awaitFound(TrafficQuery.latest().withTool("gatehouse__get_exchange")).getFirst();
        assertThat(own.capture()).isEqualTo("metadata");
    }
}
