package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse serve} as a real process: how it ends, and that its children end with it. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewayProcessTest {

    private static final Pattern SERVING = Pattern.compile("Gatehouse is serving http://127\\.0\\.0\\.1:(\\d+)/mcp");

    @TempDir
    Path dir;
    private Process gateway;

    @AfterEach
    void stopGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.descendants().forEach(ProcessHandle::destroyForcibly);
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code serve} on a home with one eager scripted server; returns the MCP port once that server runs. */
    private int serve() throws Exception {
        GatewayHome home = new GatewayHome(dir.resolve("home"))
                .write("[gateway]\nshutdown_grace_seconds = 20\n\n" + GatewayHome.scriptedServer("alpha"));
        ProcessBuilder builder = new ProcessBuilder(GatewayHome.javaCommand(Main.class.getName(), "serve",
                "--home=" + home.root(), "--port=0"))
                .redirectError(dir.resolve("gateway.log").toFile());
        builder.environment().remove("XDG_RUNTIME_DIR");
        gateway = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = SERVING.matcher(line);
                    if (matcher.find()) {
                        return Integer.parseInt(matcher.group(1));
                    }
                }
                throw new AssertionError("serve ended without serving");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int mcpPort = port.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> serverChildren().size() == 1);
        return mcpPort;
    }

    /** The server processes the gateway runs (setpriv execs into the child, so each is a direct child). */
    private List<ProcessHandle> serverChildren() {
        return gateway.children().filter(ProcessHandle::isAlive).toList();
    }

    @Test
    void noChildOutlivesAGatewayKilledWithSigkill() throws Exception {
        serve();
        List<ProcessHandle> children = gateway.descendants().toList();
        assertThat(children).isNotEmpty();

        gateway.destroyForcibly();
        assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void sigtermLetsARequestInFlightFinishThenStopsTheChildren() throws Exception {
        int port = serve();
        List<ProcessHandle> children = gateway.descendants().toList();
        McpSessionClient session = new McpSessionClient(port, "/s/alpha/mcp");
        session.initialize();
        CompletableFuture<RawHttp.Reply> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return session.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"progress\",\"arguments\":{\"steps\":4,\"intervalMs\":500}}}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(700);

        gateway.destroy();

        RawHttp.Reply reply = slow.get(30, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(McpSessionClient.response(reply).path("result").toString()).contains("done after 4 steps");
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
