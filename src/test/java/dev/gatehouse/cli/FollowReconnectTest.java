package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse logs --follow} as a real process while the gateway under it stops and a new one starts on the
 * same home: the follower says once on stderr that it lost the gateway, reconnects by itself, and goes on printing
 * what the new gateway records, without repeating what it already printed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FollowReconnectTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void followsAcrossARestartOfTheGatewayWithOneNoteOnStderr() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha"));
        Path errors = dir.resolve("follow.err");
        RunningGateway gateway = home.start();
        Process follower = null;
        Thread reader = null;
        try {
            follower = new ProcessBuilder(GatewayHome.javaCommand(Main.class.getName(), "logs", "--follow", "--json",
                    "--grep", "followed-", "--home=" + home.root())).redirectError(errors.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            reader = readLines(follower, lines);
            Process watched = follower;
            await().atMost(WAIT).failFast("the follower exited", () -> !watched.isAlive())
                    .until(() -> FollowedGateway.followers(home) == 1);
            FollowedGateway.echo(gateway, "followed-before");
            long before = followed(home, lines.poll(60, TimeUnit.SECONDS), "followed-before");

            gateway.close();
            await().atMost(WAIT).until(() -> Files.readString(errors).contains("reconnecting"));
            gateway = home.start();
            await().atMost(WAIT).failFast("the follower exited", () -> !watched.isAlive())
                    .until(() -> FollowedGateway.followers(home) == 1);
            FollowedGateway.echo(gateway, "followed-after");

            long after = followed(home, lines.poll(60, TimeUnit.SECONDS), "followed-after");
            assertThat(after).isGreaterThan(before);
            assertThat(lines).isEmpty();
            assertThat(follower.isAlive()).isTrue();
            List<String> notes = Files.readAllLines(errors);
            assertThat(notes).hasSize(1);
            assertThat(notes.getFirst()).matches("gatehouse: lost the gateway \\(.+\\); reconnecting until it is"
                    + " back \\(Ctrl-C stops\\)");
        } finally {
            if (follower != null) {
                follower.destroy();
                follower.waitFor(30, TimeUnit.SECONDS);
                follower.destroyForcibly();
            }
            if (reader != null) {
                reader.join(Duration.ofSeconds(10));
            }
            gateway.close();
        }
    }

    private static Thread readLines(Process process, BlockingQueue<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (java.io.IOException ended) {
                // The process was stopped.
            }
        });
    }

    /** The id of the followed exchange {@code line}, checked to be the echo of {@code text}. */
    private static long followed(GatewayHome home, String line, String text) throws Exception {
        assertThat(line).as("a followed exchange").isNotNull();
        JsonNode exchange = JSON.readTree(line);
        assertThat(exchange.path("server").asString()).isEqualTo("alpha");
        long id = exchange.path("id").asLong();
        try (ApiCall api = new ApiCall(home.socket())) {
            assertThat(api.send("GET", "/api/traffic/" + id, null).getContentAsString()).contains(text);
        }
        return id;
    }
}
