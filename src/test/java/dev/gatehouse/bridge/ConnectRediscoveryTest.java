package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gatehouse connect} in front of a gateway that restarts on another port: the bridge finds it again
 * through the home's management socket, as it found it the first time, and the client carries on in a new session.
 * A gateway that does not come back gives the waiting request a clear error within the bridge's bounded wait.
 */
@Timeout(300)
class ConnectRediscoveryTest {

    @TempDir
    Path temp;
    private RunningGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aGatewayRestartedOnAnotherPortIsFoundAgainAndTheClientCarriesOn() throws Exception {
        GatewayHome home = new GatewayHome(temp.resolve("home")).write("");
        gateway = home.start();
        int firstPort = gateway.port();
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            bridge.send(BridgeProcesses.initialize("moving-gateway"));
            assertThat(bridge.readLine()).contains("\"result\"");
            bridge.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(bridge.readLine()).contains("\"id\":2,\"result\"", "gatehouse__list_servers");

            gateway.close();
            gateway = home.start();
            assertThat(gateway.port()).isNotEqualTo(firstPort);

            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
            assertThat(bridge.readLine()).contains("\"id\":3,\"result\"", "gatehouse__list_servers");
            assertThat(gateway.gateway().sessions().all()).anySatisfy(session -> assertThat(
                    session.clientInfo().path("name").asString()).isEqualTo("moving-gateway"));
        }
    }

    @Test
    void aGatewayThatDoesNotComeBackGivesTheRequestAClearErrorAfterABoundedWait() throws Exception {
        GatewayHome home = new GatewayHome(temp.resolve("home")).write("");
        gateway = home.start();
        try (BridgeProcesses.Bridge bridge = BridgeProcesses.start("connect", "--home", home.root().toString())) {
            bridge.send(BridgeProcesses.initialize("abandoned"));
            assertThat(bridge.readLine()).contains("\"result\"");
            gateway.close();
            gateway = null;

            long started = System.nanoTime();
            bridge.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
            String answer = bridge.readLine();

            assertThat(answer).contains("\"id\":4", "\"error\"", "could not be reached",
                    "no gateway came back within " + PlaneRoute.WAIT.toSeconds() + " s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PlaneRoute.WAIT.multipliedBy(3));
        }
    }
}
