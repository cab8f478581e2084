package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway whose traffic.db fills up (SQLite's own size limit, twice the retained size of 1 MiB, which holds for
 * root too) or turns read-only (the file system's immutable flag, where this user may set it): {@code gatehouse
 * status} says the capture stopped and why, and that traffic keeps flowing, which it does; metrics say so too.
 * Once the cause is gone (a {@code logs clear} made room, the flag was lifted), the capture records again; after
 * the flag is lifted it does so by itself within seconds, as its probe of the store finds it writable.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CaptureStatusFaultTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private String gatehouse(GatewayHome home, String... args) {
        StringWriter out = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--home=" + home.root())).toArray(String[]::new);
        new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute(all);
        return out.toString();
    }

    private static void callsSucceed(McpSessionClient client, int from, int calls, int textBytes) throws Exception {
        String text = "z".repeat(textBytes);
        for (int i = from; i < from + calls; i++) {
            RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"echo__echo\",\"arguments\":{\"text\":\"" + i + text + "\"}}}");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(McpSessionClient.response(reply).path("result").path("content").get(0).path("text")
                    .asString()).startsWith(i + "zzz");
        }
    }

    @Test
    void aFullCaptureShowsAsStoppedWithItsReasonInStatusWhileCallsGoOn() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write("[capture]\nmax_size_mb = 1\n\n"
                + GatewayHome.scriptedServer("echo"));
        try (RunningGateway gateway = home.start()) {
            McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(client.initialize().status()).isEqualTo(200);
            callsSucceed(client, 0, 30, 100_000);

            JsonNode capture = await().atMost(Duration.ofSeconds(30)).until(
                    () -> JSON.readTree(gatehouse(home, "status", "--json")).path("capture"),
                    c -> c.path("state").asString().equals("failed"));
            assertThat(capture.path("reason").asString())
                    .isEqualTo("recording failed: the disk is full or the database reached its size limit");
            assertThat(capture.path("lost").asLong()).isPositive();
            assertThat(gatehouse(home, "status")).containsPattern("(?m)^  capture:  STOPPED: recording failed: the"
                    + " disk is full or the database reached its size limit \\(traffic keeps flowing unrecorded;"
                    + " retrying every 30 s; \\d+ recorded, \\d+ dropped, [1-9]\\d* lost; [\\d.]+ MiB of"
                    + " 1\\.0 MiB\\)$");
            assertThat(new dev.gatehouse.testing.ApiCall(home.socket()).send("GET", "/api/metrics", null)
                    .getContentAsString()).contains("gatehouse_capture_failing 1.0");

            callsSucceed(client, 100, 5, 10);

            // Clearing makes room, and the capture tries again at once rather than after its pause.
            assertThat(gatehouse(home, "logs", "clear")).startsWith("deleted ");
            callsSucceed(client, 200, 1, 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> captureState(home).path("state").asString(),
                    "recording"::equals);
            awaitRecorded(home, "200zzz");
            assertThat(gatehouse(home, "status")).containsPattern("(?m)^  capture:  recording \\(");
        }
    }

    @Test
    void aReadOnlyCaptureShowsAsStoppedInStatusAndRecordsAgainOnceWritable() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("echo"));
        try (RunningGateway gateway = home.start()) {
            McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(client.initialize().status()).isEqualTo(200);
            callsSucceed(client, 0, 1, 10);
            awaitRecorded(home, "0zzz");
            java.nio.file.Path wal = home.root().resolve("traffic.db-wal");
            Assumptions.assumeTrue(chattr("+i", wal), "the file system lets this user make a file immutable");
            try {
                callsSucceed(client, 10, 3, 10);
                JsonNode capture = await().atMost(Duration.ofSeconds(30)).until(() -> captureState(home),
                        c -> c.path("state").asString().equals("failed"));
                assertThat(capture.path("reason").asString()).startsWith("recording failed: ")
                        .containsAnyOf("read-only", "I/O error");
                assertThat(gatehouse(home, "status")).containsPattern("(?m)^  capture:  STOPPED: recording failed:"
                        + " .+ \\(traffic keeps flowing unrecorded; retrying every 30 s; .+\\)$");
                callsSucceed(client, 20, 3, 10);
            } finally {
                chattr("-i", wal);
            }
            // The probe finds the file writable again within seconds, long before the 30 s pause ends, and
            // without any traffic to try it with.
            await().atMost(Duration.ofSeconds(20)).until(() -> captureState(home).path("state").asString(),
                    "recording"::equals);
            assertThat(gatehouse(home, "status")).containsPattern("(?m)^  capture:  recording \\(");
            callsSucceed(client, 30, 1, 10);
            awaitRecorded(home, "30zzz");
        }
    }

    private JsonNode captureState(GatewayHome home) throws Exception {
        return JSON.readTree(gatehouse(home, "status", "--json")).path("capture");
    }

    private void awaitRecorded(GatewayHome home, String text) {
        await().atMost(Duration.ofSeconds(30)).until(() -> gatehouse(home, "logs", "--grep", text, "--json"),
                out -> !out.isBlank());
    }

    private static boolean chattr(String flag, java.nio.file.Path file) throws Exception {
        try {
            Process process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException noChattr) {
            return false;
        }
    }
}
