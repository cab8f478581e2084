package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.CaptureSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.upstream.stdio.ScriptedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A live gateway whose capture cannot write: every call still gets its answer, and the capture says why it
 * stopped. The full database is real (SQLite's own size limit, which the gateway sets to twice the retained
 * size); the read-only one is made so with the file system's immutable flag, where the file system allows it.
 */
@Timeout(120)
class CaptureFaultTest {

    @TempDir
    Path temp;

    private RunningGateway start(CaptureSettings capture) throws Exception {
        List<String> command = ScriptedServers.javaCommand();
        ServerConfig echo = new ServerConfig("echo", command.getFirst(), command.subList(1, command.size()), Map.of(),
                null, true, Duration.ofSeconds(20));
        return RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(echo), capture),
                HomeLayout.at(temp.resolve("home")).prepare());
    }

    private static void callsKeepSucceeding(RunningGateway gateway, int calls, int textBytes) throws Exception {
        McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
        String text = "z".repeat(textBytes);
        for (int i = 0; i < calls; i++) {
            RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"echo__echo\",\"arguments\":{\"text\":\"" + i + text + "\"}}}");
            assertThat(reply.status()).isEqualTo(200);
            JsonNode answer = McpSessionClient.response(reply);
            assertThat(answer.path("result").path("content").get(0).path("text").asString()).startsWith(i + "zzz");
        }
    }

    private String integrity() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("home/traffic.db"));
             Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            result.next();
            return result.getString(1);
        }
    }

    @Test
    void aFullDatabaseStopsTheCaptureWithItsReasonWhileCallsGoOn() throws Exception {
        CaptureSettings small = new CaptureSettings(Duration.ofDays(30), 256 * 1024, 8192, 256 * 1024);
        try (RunningGateway gateway = start(small)) {
            callsKeepSucceeding(gateway, 12, 100_000);
            TrafficRecorder capture = gateway.capture().orElseThrow();
            await().atMost(10, TimeUnit.SECONDS).until(() -> capture.state().status().equals("failed"));
            assertThat(capture.state().reason())
                    .isEqualTo("recording failed: the disk is full or the database reached its size limit");
            assertThat(capture.state().lost()).isPositive();
            callsKeepSucceeding(gateway, 3, 10);
        }
        assertThat(Files.size(temp.resolve("home/traffic.db"))).isLessThanOrEqualTo(512 * 1024 + 64 * 1024);
        assertThat(integrity()).isEqualTo("ok");
    }

    @Test
    void aReadOnlyDatabaseStopsTheCaptureWithItsReasonWhileCallsGoOn() throws Exception {
        try (RunningGateway gateway = start(CaptureSettings.DEFAULTS)) {
            callsKeepSucceeding(gateway, 1, 10);
            TrafficRecorder capture = gateway.capture().orElseThrow();
            await().atMost(10, TimeUnit.SECONDS).until(() -> capture.state().recorded() >= 2);
            Path wal = temp.resolve("home/traffic.db-wal");
            Assumptions.assumeTrue(chattr("+i", wal), "the file system lets this user make a file immutable");
            try {
                callsKeepSucceeding(gateway, 5, 10);
                await().atMost(10, TimeUnit.SECONDS).until(() -> capture.state().status().equals("failed"));
                assertThat(capture.state().reason()).startsWith("recording failed: ")
                        .containsAnyOf("read-only", "I/O error");
            } finally {
                chattr("-i", wal);
            }
        }
        assertThat(integrity()).isEqualTo("ok");
    }

    private static boolean chattr(String flag, Path file) throws Exception {
        try {
            Process process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException noChattr) {
            return false;
        }
    }
}
