package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gatehouse connect --profile NAME} as its own process in front of a real gateway with two real
 * children: the client sees the profile's servers only, keeps that profile when the gateway moves, and an unknown
 * profile or a conflicting option is refused in one line on stderr before anything is bridged.
 */
@Timeout(300)
class ConnectProfileTest {

    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/list\"}";

    @TempDir
    Path temp;
    private GatewayHome home;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        home = new GatewayHome(temp.resolve("home")).write(GatewayHome.scriptedServer("alpha") + "\n"
                + GatewayHome.scriptedServer("beta") + "\n[profiles.mine]\nservers = [\"alpha\"]\n");
        gateway = home.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aProfileClientSeesOnlyItsServersAndKeepsTheProfileWhenTheGatewayMoves() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString(),
                "--profile", "mine")) {
            bridge.send(BridgeProcesses.initialize("profile-client"));
            assertThat(bridge.readLine()).contains("\"result\"");
            bridge.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            bridge.send(TOOLS_LIST.formatted(2));
            assertThat(bridge.readLine()).contains("\"id\":2,\"result\"", "alpha__echo")
                    .doesNotContain("beta__", "gatehouse__");
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"beta__echo\","
                    + "\"arguments\":{\"text\":\"x\"}}}");
            assertThat(bridge.readLine()).contains("\"id\":3,\"error\"", "Unknown tool: beta__echo");
            assertThat(gateway.gateway().openSessions()).anyMatch(s -> s.endpoint().equals("/p/mine/mcp"));

            int firstPort = gateway.port();
            gateway.close();
            gateway = home.start();
            assertThat(gateway.port()).isNotEqualTo(firstPort);

            bridge.send(TOOLS_LIST.formatted(4));
            assertThat(bridge.readLine()).contains("\"id\":4,\"result\"", "alpha__echo")
                    .doesNotContain("beta__", "gatehouse__");
            assertThat(gateway.gateway().openSessions()).isNotEmpty()
                    .allMatch(s -> s.endpoint().equals("/p/mine/mcp"));
        }
    }

    @Test
    void anUnknownProfileIsRefusedInOneLineOnStderr() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString(),
                "--profile", "nope")) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isEqualTo(BridgeFailure.USAGE);
            await().atMost(Duration.ofSeconds(5)).until(() -> !bridge.stderr().isEmpty());
            assertThat(bridge.stderr()).isEqualTo("gatehouse: the gateway has no profile named 'nope' (it has: mine)\n");
            assertThat(bridge.stdoutLines()).isEmpty();
        }
    }

    @Test
    void serverAndProfileTogetherAreAUsageError() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString(),
                "--profile", "mine", "--server", "alpha")) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isEqualTo(BridgeFailure.USAGE);
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.stderr().contains("not both"));
            assertThat(bridge.stdoutLines()).isEmpty();
        }
    }
}
