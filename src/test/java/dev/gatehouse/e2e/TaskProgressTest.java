package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.config.SecuritySettings;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.LegacyGetStream;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.WarmGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A legacy task-augmented call's progress token stays valid for the task's life (2025-11-25 tasks): progress the
 * server reports under it after the answer that created the task reaches the creator's GET stream under the client's
 * own token, and counts as a sign of life for a {@code tasks/result} waiting on that task.
 */
@Timeout(180)
class TaskProgressTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    /** The longest a tasks/result waits without a sign of its task's life. */
    private static final Duration MAX_RESULT_WAIT = Duration.ofSeconds(4);

    private static RunningGateway gateway;
    private McpSessionClient session;

    @BeforeAll
    static void start() throws Exception {
        LimitSettings limits = LimitSettings.DEFAULTS;
        limits = new LimitSettings(limits.requestsPerSecond(), limits.requestBurst(), limits.toolCallsPerSecond(),
                limits.toolCallBurst(), limits.maxStreamsPerSession(), limits.maxPendingPerSession(),
                limits.maxStringBytes(), limits.maxHeaderBytes(), limits.maxUpstreamLineBytes(), MAX_RESULT_WAIT);
        gateway = WarmGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(ConformanceFixtureServer.server("legacy", CALL_TIMEOUT)), limits, SecuritySettings.DEFAULTS),
                "legacy");
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

    private String createTask(String progressToken, long millis, long progressEvery) throws Exception {
        String meta = progressToken == null ? "" : ",\"_meta\":{\"progressToken\":\"" + progressToken + "\"}";
        JsonNode created = McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                + "\"tools/call\",\"params\":{\"name\":\"legacy_task_job\",\"arguments\":{\"millis\":" + millis
                + ",\"progressEvery\":" + progressEvery + "},\"task\":{\"ttl\":300000}" + meta + "}}"));
        String taskId = created.path("result").path("task").path("taskId").asString(null);
        assertThat(taskId).as(created.toString()).isNotNull();
        return taskId;
    }

    private JsonNode taskResult(int id, String taskId) throws Exception {
        return McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tasks/result\",\"params\":{\"taskId\":\"" + taskId + "\"}}"));
    }

    private static long progressUnder(LegacyGetStream stream, String token) {
        return stream.messages().stream()
                .filter(m -> "notifications/progress".equals(m.path("method").asString("")))
                .filter(m -> token.equals(m.path("params").path("progressToken").asString(""))).count();
    }

    @Test
    void progressAfterTheAnswerThatCreatedTheTaskReachesTheCreatorUnderItsOwnToken() throws Exception {
        try (LegacyGetStream stream = LegacyGetStream.open(gateway.port(), "/s/legacy/mcp", session.sessionId())) {
            String taskId = createTask("creator-token", 3_000, 300);

            await().atMost(Duration.ofSeconds(30)).until(() -> progressUnder(stream, "creator-token") >= 3);
            assertThat(stream.messages()).noneMatch(m -> m.path("params").path("progressToken").asString("")
                    .startsWith("gh-p"));
            assertThat(taskResult(3, taskId).path("result").path("content").get(0).path("text").asString())
                    .isEqualTo("Job done");
        }
    }

    @Test
    void progressOnTheCreatingTokenKeepsATaskResultWaitingPastItsBound() throws Exception {
        String taskId = createTask("alive", MAX_RESULT_WAIT.toMillis() * 3, 500);
        long asked = System.nanoTime();

        JsonNode answer = taskResult(4, taskId);

        assertThat(answer.path("result").path("content").get(0).path("text").asString()).as(answer.toString())
                .isEqualTo("Job done");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThan(MAX_RESULT_WAIT);
    }

    @Test
    void withoutProgressTheSameWaitEndsAtItsBound() throws Exception {
        String taskId = createTask(null, MAX_RESULT_WAIT.toMillis() * 3, 500);
        long asked = System.nanoTime();

        JsonNode answer = taskResult(5, taskId);

        assertThat(answer.path("error").path("message").asString()).as(answer.toString())
                .contains("did not answer tasks/result");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(MAX_RESULT_WAIT.multipliedBy(3));
    }
}
