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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse logs --follow | head -3}: once the reader of its output has gone, the follower ends at the
 * next exchange it prints, with 0, and lets go of its stream (the gateway counts no follower), instead of
 * following on forever into a closed pipe. A real process with its stdout on a real pipe.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FollowClosedPipeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFollowerWhoseReaderWentAwayEndsAtTheNextExchangeAndLetsGoOfItsStream() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha"));
        try (RunningGateway gateway = home.start()) {
            Process follower = new ProcessBuilder(GatewayHome.javaCommand(Main.class.getName(), "logs", "--follow",
                    "--home=" + home.root())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(follower.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("the header").startsWith("ID");
                await().atMost(WAIT).failFast("the follower exited", () -> !follower.isAlive())
                        .until(() -> followers(home) == 1);
                out.close();

                echo(gateway, "after the reader left");
                assertThat(follower.waitFor(30, TimeUnit.SECONDS)).as("the follower ended").isTrue();
                assertThat(follower.exitValue()).isZero();
                await().atMost(WAIT).until(() -> followers(home) == 0);
            } finally {
                follower.destroyForcibly();
                follower.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void echo(RunningGateway gateway, String text) throws Exception {
        McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"alpha__echo\",\"arguments\":{\"text\":\"" + text + "\"}}}");
        assertThat(reply.status()).isEqualTo(200);
    }

    private static int followers(GatewayHome home) throws Exception {
        try (ApiCall api = new ApiCall(home.socket())) {
            JsonNode status = JSON.readTree(api.send("GET", "/api/status", null).getContentAsString());
            return status.path("capture").path("followers").asInt(-1);
        }
    }
}
