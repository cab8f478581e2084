package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.Upstream;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's {@code capture} setting changed in config.toml while the gateway runs takes effect with the reload:
 * a server turned to {@code "off"} is no longer recorded, where it used to keep the mode it started with.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CaptureModeReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aServerWhoseCaptureIsTurnedOffByAReloadIsNoLongerRecorded() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha")
                + GatewayHome.scriptedServer("beta"));
        try (RunningGateway gateway = home.start()) {
            TrafficLog log = gateway.capture().orElseThrow().log();
            McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(client.initialize().status()).isEqualTo(200);
            echo(client, "alpha", "kept-before");
            await().atMost(WAIT).until(() -> !log.search(TrafficQuery.latest().withGrep("kept-before")).isEmpty());
            Upstream before = gateway.gateway().upstreams().upstream("alpha").orElseThrow();

            Files.writeString(home.configFile(), Files.readString(home.configFile())
                    .replace("[servers.beta]", "capture = \"off\"\n\n[servers.beta]"));
            await().atMost(WAIT).until(() -> gateway.gateway().upstreams().upstream("alpha").orElseThrow() != before);
            echo(client, "alpha", "unrecorded-after");
            echo(client, "beta", "marker-after");

            // Batches keep the order of offers: once the later marker is stored, the earlier call would be too.
            await().atMost(WAIT).until(() -> !log.search(TrafficQuery.latest().withGrep("marker-after")).isEmpty());
            assertThat(log.search(TrafficQuery.latest().withGrep("unrecorded-after"))).isEmpty();
            assertThat(log.search(TrafficQuery.latest().withGrep("kept-before"))).hasSize(1);
        }
    }

    private static void echo(McpSessionClient client, String server, String text) throws Exception {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"" + server + "__echo\",\"arguments\":{\"text\":\"" + text + "\"}}}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(McpSessionClient.response(reply).path("result").path("content").get(0).path("text").asString())
                .isEqualTo(text);
    }
}
