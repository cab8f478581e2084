package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.Upstream;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * config.toml edited by hand while the gateway serves traffic: valid changes apply as a diff without disturbing
 * the servers they do not touch, and an invalid change keeps the running config and says where the problem is.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HotReloadTest {

    private static final Duration APPLIED = Duration.ofSeconds(30);
    private static final int CLIENTS = 4;
    private static final Duration CALL_PACE = Duration.ofMillis(100);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private GatewayHome home;
    private RunningGateway gateway;
    private final String steady = GatewayHome.scriptedServer("steady");
    private final String churn = GatewayHome.scriptedServer("churn");

    @BeforeEach
    void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(steady + "\n" + churn);
        gateway = home.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ready("steady") && ready("churn"));
    }

    @AfterEach
    void stopGateway() throws Exception {
        gateway.close();
    }

    private boolean ready(String name) {
        return gateway.gateway().upstreams().upstream(name)
                .map(u -> u.status().state().label().equals("ready")).orElse(false);
    }

    private List<String> configured() {
        return gateway.gateway().upstreams().configured().stream().map(s -> s.name()).toList();
    }

    private void edit(String text) throws Exception {
        Files.writeString(home.configFile(), text);
    }

    @Test
    void editsToOtherServersNeverFailARequestToAnUnrelatedOne() throws Exception {
        Upstream steadyBefore = gateway.gateway().upstreams().upstream("steady").orElseThrow();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(load.submit(() -> callUntilStopped(client, running, succeeded, failures)));
            }
            await().atMost(APPLIED).until(() -> succeeded.get() > 20);

            edit(steady + "\n" + churn + "\n" + GatewayHome.scriptedServer("extra"));
            await().atMost(APPLIED).until(() -> configured().contains("extra") && ready("extra"));
            edit(steady + "\n" + churn.replace("[servers.churn]\n", "[servers.churn]\ntimeout_seconds = 30\n")
                    + "\n" + GatewayHome.scriptedServer("extra"));
            await().atMost(APPLIED).until(() -> gateway.gateway().upstreams().config().server("churn")
                    .orElseThrow().timeout().equals(Duration.ofSeconds(30)) && ready("churn"));
            edit(steady + "\n" + churn.replace("[servers.churn]\n", "[servers.churn]\nenabled = false\n"));
            await().atMost(APPLIED).until(() -> !configured().contains("extra")
                    && gateway.gateway().upstreams().upstream("churn").isEmpty());
            int before = succeeded.get();
            await().atMost(APPLIED).until(() -> succeeded.get() > before + 20);

            running.set(false);
            for (Future<?> future : clients) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(succeeded.get()).isGreaterThan(40);
        assertThat(gateway.gateway().upstreams().upstream("steady")).containsSame(steadyBefore);
    }

    private void callUntilStopped(int client, AtomicBoolean running, AtomicInteger succeeded,
                                  ConcurrentLinkedQueue<String> failures) {
        try {
            McpSessionClient session = new McpSessionClient(gateway.port(), "/s/steady/mcp");
            session.initialize();
            for (int i = 0; running.get(); i++) {
                // Paced under the default per-tool rate limit (20/s): a 429 here would be the limiter, not a reload.
                Thread.sleep(CALL_PACE.toMillis());
                String text = "client " + client + " call " + i;
                RawHttp.Reply reply = session.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}}");
                JsonNode response = McpSessionClient.response(reply);
                if (reply.status() == 200 && response.path("result").toString().contains(text)) {
                    succeeded.incrementAndGet();
                } else {
                    failures.add(reply.status() + " " + response);
                }
            }
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    @Test
    void anInvalidChangeKeepsTheRunningConfigAndShowsWhereTheProblemIs() throws Exception {
        Upstream churnBefore = gateway.gateway().upstreams().upstream("churn").orElseThrow();
        edit(steady + "\n" + churn + "\n[servers.broken]\ncomand = \"x\"\n");
        await().atMost(APPLIED).until(() -> !configStatus().path("valid").asBoolean());

        JsonNode problems = configStatus().path("problems");
        assertThat(problems.valueStream().map(p -> p.path("text").asString())).anySatisfy(text -> assertThat(text)
                .matches("config\\.toml:\\d+:\\d+: unknown key 'comand' in \\[servers\\.broken\\].*"));
        assertThat(configured()).containsExactly("steady", "churn");
        assertThat(gateway.gateway().upstreams().upstream("churn")).containsSame(churnBefore);

        edit(steady + "\n" + churn);
        await().atMost(APPLIED).until(() -> configStatus().path("valid").asBoolean());
    }

    /** config.toml's status as the gateway's own config service (fed by its watcher) reports it. */
    private JsonNode configStatus() throws Exception {
        try (ApiCall api = new ApiCall(gateway.managementSocket())) {
            return JSON.readTree(api.send("GET", "/api/config", null).getContentAsString());
        }
    }
}
