package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real child server that crashes, is restarted with {@code gatehouse server restart} and then by a config
 * change: {@code gatehouse logs events} and {@code /api/traffic/events} show each restart as one {@code restart}
 * with its reason (never as stop and start), and the crash with its exit code.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LifecycleEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void showsCrashesWithTheirExitCodeAndEachRestartWithItsReason() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha"));
        try (RunningGateway gateway = home.start(); ApiCall api = new ApiCall(home.socket())) {
            awaitEvents(api, "start ready");
            McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(client.initialize().status()).isEqualTo(200);
            client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"alpha__crash\",\"arguments\":{\"code\":3}}}");
            awaitEvents(api, "start ready crash restart ready");

            assertThat(gatehouse(home, "server", "restart", "alpha")).contains("restarting 'alpha'");
            awaitEvents(api, "start ready crash restart ready restart ready");

            Files.writeString(home.configFile(), Files.readString(home.configFile()) + "timeout_seconds = 25\n");
            List<JsonNode> events = awaitEvents(api, "start ready crash restart ready restart ready restart ready");

            assertThat(events.get(2).path("exitCode").asInt()).isEqualTo(3);
            assertThat(events.get(2).path("detail").asString()).isEqualTo("exited with code 3");
            assertThat(events.get(3).path("exitCode").isNull()).isTrue();
            assertThat(events.get(5).path("detail").asString()).isEqualTo("requested (gatehouse server restart)");
            assertThat(events.get(7).path("detail").asString()).isEqualTo("its configuration changed");
            assertThat(events).extracting(e -> e.path("restarts").asInt()).isSorted();
            assertThat(events.getLast().path("restarts").asInt()).isEqualTo(3);
            assertThat(JSON.readTree(api.send("GET", "/api/servers/alpha", null).getContentAsString())
                    .path("summary").path("restarts").asInt()).as("the count 'gatehouse server list' shows")
                    .isEqualTo(3);

            String listed = gatehouse(home, "logs", "events", "--server", "alpha");
            assertThat(listed)
                    .containsPattern("(?m)^\\d+\\s+\\S+\\s+alpha\\s+crash\\s+3\\s+0\\s+exited with code 3$")
                    .containsPattern("(?m)^\\d+\\s+\\S+\\s+alpha\\s+restart\\s+-\\s+2\\s+requested \\(gatehouse"
                            + " server restart\\)$")
                    .containsPattern("(?m)^\\d+\\s+\\S+\\s+alpha\\s+restart\\s+-\\s+3\\s+its configuration changed$")
                    .doesNotContainPattern("(?m)^\\d+\\s+\\S+\\s+alpha\\s+stop\\s");
        }
    }

    /** The server's events, oldest first, once their names are {@code names}. */
    private static List<JsonNode> awaitEvents(ApiCall api, String names) {
        return await().atMost(WAIT).until(() -> events(api), events -> String.join(" ", events.stream()
                .map(e -> e.path("event").asString()).toList()).equals(names));
    }

    private static List<JsonNode> events(ApiCall api) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(api.send("GET", "/api/traffic/events?server=alpha", null).getContentAsString())
                .path("events").forEach(events::add);
        return events.reversed();
    }

    private static String gatehouse(GatewayHome home, String... args) {
        return CliRun.of(home.root(), args).out();
    }
}
