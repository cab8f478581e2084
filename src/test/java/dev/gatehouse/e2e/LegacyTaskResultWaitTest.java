package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.session.Session;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.WarmGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A legacy {@code tasks/result}, which the server holds until its task ends, through the gateway to the legacy fixture
 * whose per-call timeout is a few seconds: it waits for a task that runs longer than that, is still bounded by the
 * task's ttl, and ends when the client cancels it.
 */
@Timeout(180)
class LegacyTaskResultWaitTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private static RunningGateway gateway;
    private McpSessionClient session;

    @BeforeAll
    static void start() throws Exception {
        gateway = WarmGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(ConformanceFixtureServer.server("legacy", CALL_TIMEOUT))), "legacy");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @BeforeEach
    void openSession() throws Exception {
        session = new McpSessionClient(gateway.port(), "/s/legacy/mcp");
        assertThat(session.initialize().status()).isEqualTo(200);
    }

    private String createTask(long millis, long ttl) throws IOException {
        JsonNode created = McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                + "\"tools/call\",\"params\":{\"name\":\"legacy_task_job\",\"arguments\":{\"millis\":" + millis
                + "},\"task\":{\"ttl\":" + ttl + "}}}"));
        assertThat(created.path("result").path("task").path("ttl").asLong()).as(created.toString()).isEqualTo(ttl);
        return created.path("result").path("task").path("taskId").asString();
    }

    private CompletableFuture<RawHttp.Reply> taskResult(int id, String taskId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tasks/result\","
                        + "\"params\":{\"taskId\":\"" + taskId + "\"}}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aTaskResultWaitsForATaskThatRunsLongerThanTheServersCallTimeout() throws Exception {
        String taskId = createTask(CALL_TIMEOUT.toMillis() * 3, 300_000);
        long asked = System.nanoTime();
        JsonNode answer = McpSessionClient.response(taskResult(3, taskId).get(60, TimeUnit.SECONDS));
        assertThat(answer.path("result").path("content").get(0).path("text").asString()).as(answer.toString())
                .isEqualTo("Job done");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThan(CALL_TIMEOUT);
    }

    @Test
    void aTaskResultStillEndsWhenItsTasksTtlRunsOut() throws Exception {
        String taskId = createTask(120_000, 8_000);
        long asked = System.nanoTime();
        JsonNode answer = McpSessionClient.response(taskResult(4, taskId).get(60, TimeUnit.SECONDS));
        Duration waited = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(answer.path("error").path("message").asString()).as(answer.toString())
                .contains("did not answer tasks/result");
        assertThat(waited).isGreaterThan(CALL_TIMEOUT).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void theClientCancellingATaskResultEndsTheWaitAtOnce() throws Exception {
        String taskId = createTask(120_000, 300_000);
        CompletableFuture<RawHttp.Reply> waiting = taskResult(5, taskId);
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.gateway().sessions().find(session.sessionId())
                .map(Session::inFlight).orElse(0) > 0);
        long cancelledAt = System.nanoTime();
        assertThat(session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":5,\"reason\":\"no longer needed\"}}").status()).isEqualTo(202);

        JsonNode answer = McpSessionClient.response(waiting.get(30, TimeUnit.SECONDS));
        assertThat(answer.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(-32800);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(5));
    }
}
