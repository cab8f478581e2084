package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.capture.GatedStore;
import dev.gatehouse.cli.CliRun;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A live gateway on a home whose traffic.db stops taking writes the way SQLite answers for a read-only database,
 * by failure injection around the real store (so that it holds when the tests run as root, whom file modes do not
 * stop): every call still gets its answer, {@code status} says the capture stopped and why, and once the store
 * takes writes again the capture records again after its pause.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CaptureStoreRefusalTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void aStoreThatRefusesWritesStopsTheCaptureInStatusWhileCallsGoOnAndRecordingResumesAfterThePause()
            throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("echo"));
        HomeLayout layout = HomeLayout.at(home.root()).prepare();
        GatewayConfig config = ConfigLoader.load(layout.configFile());
        AtomicReference<GatedStore> store = new AtomicReference<>();
        try (RunningGateway gateway = RunningGateway.start(config.withGateway(config.gateway().withPort(0)), layout,
                home.socket(), real -> {
                    store.set(new GatedStore(real));
                    return store.get();
                })) {
            McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(client.initialize().status()).isEqualTo(200);
            echo(client, 1);
            awaitRecorded(home, "echoed-1");

            store.get().readOnly(true);
            echo(client, 2);
            JsonNode capture = await().atMost(Duration.ofSeconds(30)).until(() -> capture(home),
                    c -> c.path("state").asString().equals("failed"));
            assertThat(capture.path("reason").asString()).isEqualTo("recording failed: the database is read-only");
            assertThat(capture.path("lost").asLong()).isPositive();
            assertThat(gatehouse(home, "status")).containsPattern("(?m)^  capture:  STOPPED: recording failed: the"
                    + " database is read-only \\(traffic keeps flowing unrecorded; retrying every 30 s; .+\\)$");
            try (ApiCall api = new ApiCall(home.socket())) {
                assertThat(api.send("GET", "/api/metrics", null).getContentAsString())
                        .contains("gatehouse_capture_failing 1.0");
            }
            for (int i = 3; i < 6; i++) {
                echo(client, i);
            }

            store.get().readOnly(false);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                echo(client, 7);
                return capture(home).path("state").asString().equals("recording");
            });
            awaitRecorded(home, "echoed-7");
            assertThat(gatehouse(home, "logs", "--grep", "echoed-2", "--json")).isBlank();
        }
    }

    private static void echo(McpSessionClient client, int n) throws Exception {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo__echo\",\"arguments\":{\"text\":\"echoed-" + n + "\"}}}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(McpSessionClient.response(reply).path("result").path("content").get(0).path("text").asString())
                .isEqualTo("echoed-" + n);
    }

    private static JsonNode capture(GatewayHome home) throws Exception {
        return JSON.readTree(gatehouse(home, "status", "--json")).path("capture");
    }

    private static void awaitRecorded(GatewayHome home, String text) {
        await().atMost(Duration.ofSeconds(30)).until(() -> gatehouse(home, "logs", "--grep", text, "--json"),
                out -> !out.isBlank());
    }

    private static String gatehouse(GatewayHome home, String... args) {
        return CliRun.of(home.root(), args).out();
    }
}
