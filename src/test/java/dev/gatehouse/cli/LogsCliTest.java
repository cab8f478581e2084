package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse logs} and {@code /api/traffic} against a live gateway recording a real child server into a
 * real traffic.db, driven over HTTP like a client would, read back over the management socket by the CLI (in
 * process, and as a real process for {@code --follow}) and by raw API requests.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LogsCliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    @TempDir
    static java.nio.file.Path dir;
    private static GatewayHome home;
    private static RunningGateway gateway;
    private static McpSessionClient client;
    private static ApiCall api;
    private static int nextId = 100;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha")
                + GatewayHome.scriptedServer("beta"));
        gateway = home.start();
        client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
        api = new ApiCall(home.socket());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        api.close();
        gateway.close();
    }

    private static Run gatehouse(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home.root());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static synchronized JsonNode echo(String server, String text) throws Exception {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + server + "__echo\",\"arguments\":{\"text\":\"" + text + "\"}}}");
        assertThat(reply.status()).isEqualTo(200);
        return McpSessionClient.response(reply);
    }

    /** The newest exchange whose bodies contain {@code text}, once recorded. */
    private static JsonNode awaitRecorded(String text) {
        String grep = java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
        return await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(api.send("GET",
                "/api/traffic?grep=" + grep, null).getContentAsString()).path("exchanges"), found -> !found.isEmpty())
                .get(0);
    }

    @Test
    void listsRecordedExchangesOldestFirstWithTheirServerToolDurationAndOutcome() throws Exception {
        echo("alpha", "first-of-two");
        echo("alpha", "second-of-two");
        awaitRecorded("second-of-two");

        Run logs = gatehouse("logs", "--server", "alpha", "--tool", "echo", "--grep", "-of-two");

        assertThat(logs.exit()).as(logs.err()).isZero();
        List<String> lines = logs.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("ID").contains("SERVER", "METHOD", "TOOL", "DURATION", "OUTCOME");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).matches("\\d+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} +alpha +tools/call"
                + " +echo +[\\d.]+ (µs|ms|s) +ok");
        long first = Long.parseLong(lines.get(1).split(" ")[0]);
        long second = Long.parseLong(lines.get(2).split(" ")[0]);
        assertThat(first).isLessThan(second);
    }

    @Test
    void pagesBackWithBeforeAndPrintsOneJsonObjectPerLineWithJson() throws Exception {
        for (int i = 0; i < 3; i++) {
            echo("beta", "paged-" + i);
        }
        awaitRecorded("paged-2");

        Run page = gatehouse("logs", "--grep", "paged-", "--limit", "2");
        assertThat(page.out()).containsPattern("\\(older exchanges: add --before \\d+\\)");
        String before = page.out().replaceAll("(?s).*--before (\\d+).*", "$1");
        Run older = gatehouse("logs", "--grep", "paged-", "--before", before, "--json");

        assertThat(older.exit()).as(older.err()).isZero();
        List<JsonNode> rows = older.out().lines().map(JSON::readTree).toList();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().path("server").asString()).isEqualTo("beta");
        assertThat(rows.getFirst().path("id").asLong()).isLessThan(Long.parseLong(before));
    }

    @Test
    void showsOneExchangeWithItsRequestAndResponsePrettyPrintedAndRedacted() throws Exception {
        echo("alpha", "show me " + GITHUB_TOKEN);
        long id = awaitRecorded("show me").path("id").asLong();

        Run show = gatehouse("logs", "show", Long.toString(id));

        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).startsWith("Exchange " + id + ": tools/call echo on alpha")
                .contains("outcome:   ok (HTTP 200)", "Request headers:", "\"Mcp-Session-Id\" : [ \"[redacted]\" ]")
                .contains("Request:\n  {\n    \"jsonrpc\" : \"2.0\",", "Response:\n  {")
                .containsPattern("Response headers:\n  \\{\n    \"Date\" : \\[ \"[^\"]+\" ],\n    \"Content-Type\" :"
                        + " \\[ \"application/json\" ],\n    \"Cache-Control\" : \\[ \"no-store\" ]\n  }")
                .contains("\"text\" : \"show me [redacted:github-token]\"").doesNotContain(GITHUB_TOKEN);
        assertThat(show.out().indexOf("Request:")).isLessThan(show.out().indexOf("Response headers:"));
        assertThat(show.out().indexOf("Response headers:")).isLessThan(show.out().indexOf("Response:"));
        assertThat(gatehouse("logs", "show", Long.toString(id), "--json").out()).contains("\"request\"");
    }

    @Test
    void refusesBadFiltersAndIdsWithAClearUsageError() {
        Run since = gatehouse("logs", "--since", "1x");
        Run id = gatehouse("logs", "show", "abc");
        Run missing = gatehouse("logs", "show", "999999999");
        Run limit = gatehouse("logs", "--limit", "0");

        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("gatehouse: --since is not a time: '1x' (use an amount ago such as 15m");
        assertThat(id.exit()).isEqualTo(2);
        assertThat(id.err()).contains("an exchange id is a positive number");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no recorded exchange has id 999999999");
        assertThat(limit.exit()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit must be between 1 and 10000");
    }

    @Test
    void exportsEveryMatchAsJsonLinesWithBodies() throws Exception {
        for (int i = 0; i < 3; i++) {
            echo("beta", "exported-" + i);
        }
        awaitRecorded("exported-2");

        Run export = gatehouse("logs", "export", "--grep", "exported-");

        assertThat(export.exit()).as(export.err()).isZero();
        List<JsonNode> lines = export.out().lines().map(JSON::readTree).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> l.path("request").path("params").path("arguments").path("text").asString())
                .containsExactly("exported-0", "exported-1", "exported-2");
        assertThat(lines.getFirst().path("response").path("result").isObject()).isTrue();
    }

    @Test
    void summarisesCallsErrorsAndLatencyPerServerAndTool() throws Exception {
        echo("alpha", "counted");
        awaitRecorded("counted");

        Run stats = gatehouse("logs", "stats", "--since", "1h");
        Run bad = gatehouse("logs", "stats", "--since", "yesterday");

        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).containsPattern("(?m)^SERVER\\s+TOOL\\s+CALLS\\s+ERRORS\\s+P50\\s+P99$")
                .containsPattern("(?m)^alpha\\s+echo\\s+\\d+\\s+0 \\(0\\.0%\\)\\s+[\\d.]+ (µs|ms)\\s+"
                        + "[\\d.]+ (µs|ms)$");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--since is not a time: 'yesterday'");
    }

    @Test
    void clearsOneServersTrafficBeforeATime() throws Exception {
        echo("beta", "to-be-cleared");
        echo("alpha", "to-be-kept");
        awaitRecorded("to-be-kept");
        awaitRecorded("to-be-cleared");

        Run future = gatehouse("logs", "clear", "--server", "beta", "--before", "2999-01-01");
        Run bad = gatehouse("logs", "clear", "--before", "soon");

        assertThat(future.exit()).as(future.err()).isZero();
        assertThat(future.out()).matches("deleted \\d+ exchanges? of 'beta' recorded before 2999-01-01T00:00:00Z;"
                + " the database was compacted\\s*");
        assertThat(gatehouse("logs", "--grep", "to-be-cleared", "--json").out()).isEmpty();
        assertThat(gatehouse("logs", "--grep", "to-be-kept", "--json").out()).contains("\"server\":\"alpha\"");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--before is not a time: 'soon'");
    }

    @Test
    void followsNewExchangesAsARealProcessAndTheStreamEndsWhenTheClientGoes() throws Exception {
        List<String> command = GatewayHome.javaCommand(Main.class.getName(), "logs", "--follow", "--json",
                "--server", "alpha", "--grep", "followed-", "--home=" + home.root());
        java.nio.file.Path errors = dir.resolve("follow.err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (java.io.IOException ended) {
                // The process was stopped.
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).failFast("the follower exited", () -> !process.isAlive())
                    .until(() -> followers() == 1);
            echo("alpha", "followed-1");
            echo("beta", "followed-not-this-server");
            echo("alpha", "followed-2");
            String first = lines.poll(60, TimeUnit.SECONDS);
            String second = lines.poll(60, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(JSON.readTree(first).path("server").asString()).isEqualTo("alpha");
            assertThat(JSON.readTree(second).path("id").asLong()).isGreaterThan(JSON.readTree(first).path("id")
                    .asLong());
            assertThat(lines).isEmpty();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("gatehouse logs --follow wrote to stderr: "
                    + java.nio.file.Files.readString(errors), e);
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(10));
        }
        // The gateway notices at its next heartbeat on the stream (every 15 s) at the latest.
        await().atMost(Duration.ofSeconds(60)).until(() -> followers() == 0);
    }

    private static int followers() throws Exception {
        return JSON.readTree(api.send("GET", "/api/status", null).getContentAsString()).path("capture")
                .path("followers").asInt(-1);
    }

    @Test
    void answersTheApiWithJsonProblemsAndStreams() throws Exception {
        echo("alpha", "api-check");
        long id = awaitRecorded("api-check").path("id").asLong();

        ContentResponse exchange = api.send("GET", "/api/traffic/" + id, null);
        ContentResponse unknownFilter = api.send("GET", "/api/traffic?colour=red", null);
        ContentResponse badMethod = api.send("PUT", "/api/traffic/stats", null);
        ContentResponse export = api.send("GET", "/api/traffic/export?server=alpha&grep=api-check", null);
        ContentResponse limitOnExport = api.send("GET", "/api/traffic/export?limit=3", null);

        assertThat(exchange.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(exchange.getContentAsString()).path("response").path("result").isObject()).isTrue();
        assertThat(unknownFilter.getStatus()).isEqualTo(400);
        assertThat(unknownFilter.getContentAsString()).contains("unknown parameter 'colour'");
        assertThat(badMethod.getStatus()).isEqualTo(405);
        assertThat(export.getStatus()).isEqualTo(200);
        assertThat(export.getHeaders().get("Content-Type")).startsWith("application/x-ndjson");
        assertThat(export.getContentAsString().lines().count()).isEqualTo(1);
        assertThat(limitOnExport.getStatus()).isEqualTo(400);
    }

    @Test
    void listsRecordedSessionsNotificationsAndServerLifecycleEvents() throws Exception {
        RawHttp.Reply progress = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"alpha__progress\",\"arguments\":{\"steps\":2,\"intervalMs\":1},"
                + "\"_meta\":{\"progressToken\":\"t1\"}}}");
        assertThat(progress.status()).isEqualTo(200);

        JsonNode events = JSON.readTree(api.send("GET", "/api/traffic/events?server=alpha", null)
                .getContentAsString()).path("events");
        JsonNode sessions = JSON.readTree(api.send("GET", "/api/traffic/sessions?since=1h&limit=5", null)
                .getContentAsString()).path("sessions");
        JsonNode notifications = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(api.send("GET",
                "/api/traffic/notifications?server=alpha", null).getContentAsString()).path("notifications"),
                found -> !found.isEmpty());
        ContentResponse serverOnSessions = api.send("GET", "/api/traffic/sessions?server=alpha", null);

        assertThat(events).extracting(e -> e.path("event").asString()).contains("start", "ready");
        assertThat(sessions).anySatisfy(session -> {
            assertThat(session.path("clientName").asString()).isEqualTo("gatehouse-tests");
            assertThat(session.path("protocolVersion").asString()).isEqualTo("2025-11-25");
            assertThat(session.path("transport").asString()).isEqualTo("streamable-http");
        });
        assertThat(sessions.toString()).doesNotContain(client.sessionId());
        assertThat(notifications.get(0).path("method").asString()).isEqualTo("notifications/progress");
        assertThat(notifications.get(0).path("body").path("params").isObject()).isTrue();
        assertThat(serverOnSessions.getStatus()).isEqualTo(400);

        Run eventsCli = gatehouse("logs", "events", "--server", "alpha");
        Run sessionsCli = gatehouse("logs", "sessions", "--since", "1h");
        Run notificationsCli = gatehouse("logs", "notifications", "--server", "alpha", "--limit", "1");
        assertThat(eventsCli.out()).containsPattern("(?m)^ID\\s+AT\\s+SERVER\\s+EVENT\\s+EXIT\\s+RESTARTS\\s+DETAIL$")
                .containsPattern("(?m)^\\d+\\s+\\S+\\s+alpha\\s+ready\\s+-\\s+0\\s+-$");
        assertThat(sessionsCli.out()).containsPattern("(?m)^s[0-9a-f]+\\s+gatehouse-tests 1\\s+2025-11-25\\s+"
                + "streamable-http\\s+/mcp\\s+\\S+\\s+-$");
        assertThat(notificationsCli.out()).containsPattern("(?m)^\\d+\\s+\\S+\\s+alpha\\s+server to client\\s+"
                + "notifications/progress\\s+\\d+ B$");
    }

    @Test
    void statusAndMetricsShowTheCaptureRecording() throws Exception {
        echo("alpha", "status-check");
        awaitRecorded("status-check");

        Run status = gatehouse("status");
        JsonNode json = JSON.readTree(gatehouse("status", "--json").out()).path("capture");
        String metrics = api.send("GET", "/api/metrics", null).getContentAsString();

        assertThat(status.out()).containsPattern("(?m)^  capture:  recording \\(\\d+ recorded; [\\d.]+ MiB of 512\\.0"
                + " MiB, kept 30 days\\)$");
        assertThat(json.path("state").asString()).isEqualTo("recording");
        assertThat(json.path("recorded").asLong()).isPositive();
        assertThat(json.path("queueCapacity").asInt()).isPositive();
        assertThat(metrics).containsPattern("(?m)^gatehouse_capture_recorded_total [1-9]")
                .contains("gatehouse_capture_dropped_total 0.0", "gatehouse_capture_failing 0.0");
    }
}
