package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse logs --follow | head -3}: once the reader of its output has gone, the follower ends at the
 * next exchange it prints, with 0, and lets go of its stream (the gateway counts no follower), instead of
 * following on forever into a closed pipe. A real process with its stdout on a real pipe.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FollowClosedPipeTest {

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
                        .until(() -> FollowedGateway.followers(home) == 1);
                out.close();

                FollowedGateway.echo(gateway, "after the reader left");
                assertThat(follower.waitFor(30, TimeUnit.SECONDS)).as("the follower ended").isTrue();
                assertThat(follower.exitValue()).isZero();
                await().atMost(WAIT).until(() -> FollowedGateway.followers(home) == 0);
            } finally {
                follower.destroyForcibly();
                follower.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
