package dev.gatehouse.testing;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import java.time.Duration;

/** A gateway started for a test class, with one server already answering. */
public final class WarmGateway {

    private WarmGateway() {
    }

    /**
     * Starts the gateway and waits until {@code server} lists its tools through {@code /s/SERVER/mcp}. A fixture server
     * is a JVM: on a loaded machine its first start may outlast a short call timeout, so it is started (and retried)
     * before the tests measure anything.
     */
    public static RunningGateway start(GatewayConfig config, String server) throws Exception {
        RunningGateway gateway = RunningGateway.start(config);
        McpSessionClient warmUp = new McpSessionClient(gateway.port(), "/s/" + server + "/mcp");
        warmUp.initialize();
        await().atMost(Duration.ofSeconds(90)).until(() -> McpSessionClient.response(warmUp.post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).has("result"));
        return gateway;
    }
}
