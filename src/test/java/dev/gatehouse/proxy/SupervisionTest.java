package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor keeps servers alive per their config: crash restarts without a use, health checks, laziness. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SupervisionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private RunningGateway gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private RunningGateway start(String config) throws Exception {
        gateway = new GatewayHome(dir.resolve("home")).write(config).start();
        return gateway;
    }

    private Upstream upstream(String name) {
        return gateway.gateway().upstreams().upstream(name).orElseThrow();
    }

    private boolean ready(String name) {
        return upstream(name).status().state() == UpstreamStatus.State.READY;
    }

    @Test
    void restartsAnEagerServerThatCrashedWithoutWaitingForAUse() throws Exception {
        start(GatewayHome.scriptedServer("alpha"));
        await().atMost(WAIT).until(() -> ready("alpha"));
        McpSessionClient client = new McpSessionClient(gateway.port(), "/s/alpha/mcp");
        client.initialize();

        client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"crash\","
                + "\"arguments\":{\"code\":3}}}");

        await().atMost(WAIT).until(() -> upstream("alpha").status().restarts() == 1 && ready("alpha"));
    }

    @Test
    void replacesAServerThatStopsAnsweringHealthChecks() throws Exception {
        start(GatewayHome.scriptedServer("alpha", "health_check_seconds = 1"));
        await().atMost(WAIT).until(() -> ready("alpha"));
        Upstream frozen = upstream("alpha");
        long pid = ((StdioUpstream) frozen).pid().orElseThrow();

        // SIGSTOP keeps the process alive but silent: only a health check can notice.
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> upstream("alpha") != frozen && ready("alpha"));
        assertThat(gateway.gateway().upstreams().earlierRestarts("alpha")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty());
        // The capture records the replacement as one restart with its reason.
        await().atMost(WAIT).until(() -> gateway.capture().orElseThrow().history()
                .upstreamEvents("alpha", java.time.Instant.EPOCH, 100).stream()
                .map(e -> e.event() + ":" + e.detail()).toList(), events -> events.contains(
                        "restart:it did not answer a health-check ping within 1000 ms"));
    }

    @Test
    void startsALazyServerOnlyOnFirstUse() throws Exception {
        start(GatewayHome.scriptedServer("alpha", "start = \"lazy\""));
        Thread.sleep(2000);
        assertThat(upstream("alpha").status().state()).isEqualTo(UpstreamStatus.State.STOPPED);

        McpSessionClient client = new McpSessionClient(gateway.port(), "/s/alpha/mcp");
        client.initialize();

        assertThat(ready("alpha")).isTrue();
    }
}
