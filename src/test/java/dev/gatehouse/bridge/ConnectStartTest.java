package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse connect} when no gateway runs: the one line that says so, and {@code --start}. */
@Timeout(300)
class ConnectStartTest {

    @TempDir
    Path temp;

    @AfterEach
    void stopStartedGateways() {
        startedGateways().forEach(gateway -> {
            gateway.descendants().forEach(ProcessHandle::destroyForcibly);
            gateway.destroy();
            gateway.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        });
    }

    /**
     * The {@code serve} processes started for a home under this test's directory, found by their command lines
     * (read from /proc whole: the JDK's view of a long one is cut short).
     */
    private List<ProcessHandle> startedGateways() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                List<String> args = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()),
                        "cmdline")), StandardCharsets.UTF_8).split("\0"));
                return args.contains("serve") && args.stream().anyMatch(arg -> arg.startsWith(temp.toString()));
            } catch (IOException e) {
                return false;
            }
        }).toList();
    }

    private Path privateHome(String name) throws Exception {
        Path home = Files.createDirectories(temp.resolve(name));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    @Test
    void withNoGatewayItSaysSoInOneLineOnStderrAndExits3() throws Exception {
        Path home = privateHome("idle");
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.toString())) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isEqualTo(BridgeFailure.NOT_RUNNING);
            await().atMost(Duration.ofSeconds(5)).until(() -> !bridge.stderr().isEmpty());
            assertThat(bridge.stderr().lines().toList()).singleElement().asString()
                    .contains("no gateway is running for " + home, "gatehouse serve", "--start");
            assertThat(bridge.stdoutLines()).isEmpty();
        }
    }

    @Test
    void helpGoesToStderrSoStdoutStaysJsonRpcOnly() throws Exception {
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--help")) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(90))).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.stderr().contains("--server"));
            assertThat(bridge.stderr()).contains("--start", "--home");
            assertThat(bridge.stdoutLines()).isEmpty();
        }
    }

    @Test
    void anUnknownServerIsRefusedBeforeAnythingIsBridged() throws Exception {
        Path home = privateHome("unknown-server");
        Files.writeString(home.resolve("config.toml"), "[gateway]\nport = 0\n");
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--start", "--home", home.toString(),
                "--server", "nope")) {
            assertThat(bridge.awaitExit(Duration.ofSeconds(150))).isEqualTo(BridgeFailure.USAGE);
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.stderr().contains("no server named 'nope'"));
            assertThat(bridge.stdoutLines()).isEmpty();
        }
    }

    @Test
    void startRunsADetachedGatewayThatOutlivesTheBridge() throws Exception {
        Path home = privateHome("started");
        Files.writeString(home.resolve("config.toml"), "[gateway]\nport = 0\n");
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--start", "--home", home.toString())) {
            bridge.send(BridgeProcesses.initialize("start-test"));
            assertThat(bridge.readLine()).contains("\"result\"", "\"gatehouse\"");
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(bridge.readLine()).contains("\"id\":2", "gatehouse__list_servers");
            bridge.closeStdin();
            assertThat(bridge.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        assertThat(startedGateways()).singleElement().satisfies(gateway -> assertThat(gateway.isAlive()).isTrue());
        Path log = home.resolve(GatewayStarter.LOG_FILE);
        assertThat(Files.readString(log)).contains("Gatehouse is serving");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }
}
