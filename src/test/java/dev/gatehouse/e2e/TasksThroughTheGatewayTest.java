package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.config.CaptureMode;
import dev.gatehouse.config.CaptureSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ToolRules;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.LegacyGetStream;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.ModernFixtureServer;
import dev.gatehouse.testing.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tasks through the aggregate endpoint, in both eras: two modern servers offering the tasks extension (one of them
 * denying a tool) and the legacy fixture offering the 2025-11-25 experimental tasks. Task ids are namespaced like
 * tool names, task requests reach only the server their id names, task-augmented calls pass the same policy as
 * plain ones, a legacy task (one upstream session serves every client) is reachable, listed, asked about and
 * reported only to the session that created it, task requests are captured under their server, and a task request
 * across eras gets a clear error.
 */
@Timeout(120)
class TasksThroughTheGatewayTest {

    private static final String WITH_TASKS =
            "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

    private static ModernFixtureServer alpha;
    private static ModernFixtureServer beta;
    private static RunningGateway gateway;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        alpha = new ModernFixtureServer();
        beta = new ModernFixtureServer();
        ServerConfig betaDenyingSlowCompute = new ServerConfig("beta", null, List.of(), Map.of(), null, true,
                Duration.ofSeconds(30), ServerConfig.Remote.of(beta.url()), ServerConfig.Supervision.DEFAULTS,
                CaptureMode.FULL, new ToolRules(List.of(), List.of("slow_compute"), null));
        home = Files.createTempDirectory("gatehouse-tasks");
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ServerConfig.remote("alpha", ServerConfig.Remote.of(alpha.url()), true, Duration.ofSeconds(30)),
                betaDenyingSlowCompute, ConformanceFixtureServer.server("legacy", Duration.ofSeconds(30))),
                CaptureSettings.DEFAULTS), HomeLayout.at(home).prepare());
        // The aggregate shows only servers already running; start them all before the first question.
        for (String server : List.of("alpha", "beta", "legacy")) {
            try (ModernClient client = modern("/s/" + server + "/mcp", WITH_TASKS)) {
                client.result("tools/list", null);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        beta.close();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static ModernClient modern(String path, String capabilities) {
        return new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + path), capabilities);
    }

    private static ObjectNode call(String tool, String arguments) {
        return ModernClient.json("{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
    }

    private static JsonNode task(ModernClient client, String method, String taskId) throws Exception {
        return client.request(method, ModernClient.json("{\"taskId\":\"" + taskId + "\"}"), "Mcp-Name", taskId);
    }

    @Test
    void theAggregateOffersEachEraItsOwnTaskCapabilityOnly() throws Exception {
        try (ModernClient client = modern("/mcp", WITH_TASKS)) {
            JsonNode capabilities = client.result("server/discover", null).path("capabilities");
            assertThat(capabilities.path("extensions").has("io.modelcontextprotocol/tasks")).isTrue();
            assertThat(capabilities.has("tasks")).isFalse();
        }
        McpSessionClient legacy = new McpSessionClient(gateway.port(), "/mcp");
        JsonNode capabilities = McpSessionClient.response(legacy.initialize()).path("result").path("capabilities");
        assertThat(capabilities.path("tasks").has("list")).isTrue();
        assertThat(capabilities.path("extensions").has("io.modelcontextprotocol/tasks")).isFalse();
    }

    @Test
    void taskIdsAreNamespacedByServerAndReachOnlyTheServerTheyName() throws Exception {
        try (ModernClient client = modern("/mcp", WITH_TASKS)) {
            JsonNode created = client.result("tools/call", call("alpha__slow_compute", "{\"seconds\":30}"));
            assertThat(created.path("resultType").asString()).isEqualTo("task");
            String shown = created.path("taskId").asString();
            assertThat(shown).startsWith("alpha__task-");
            String own = shown.substring("alpha__".length());

            JsonNode working = task(client, "tasks/get", shown).path("result");
            assertThat(working.path("taskId").asString()).isEqualTo(shown);
            assertThat(working.path("status").asString()).isEqualTo("working");
            assertThat(alpha.received("tasks/get").getLast().path("params").path("taskId").asString()).isEqualTo(own);

            JsonNode elsewhere = task(client, "tasks/get", "beta__" + own);
            assertThat(elsewhere.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(beta.received("tasks/get").getLast().path("params").path("taskId").asString()).isEqualTo(own);

            assertThat(task(client, "tasks/cancel", shown).path("result").path("resultType").asString())
                    .isEqualTo("complete");
            assertThat(task(client, "tasks/get", shown).path("result").path("status").asString())
                    .isEqualTo("cancelled");
        }
    }

    @Test
    void aModernTasksStatusReachesTheListenStreamThatAskedForItUnderItsNamespacedId() throws Exception {
        try (ModernClient client = modern("/mcp", WITH_TASKS)) {
            String shown = client.result("tools/call",
                    call("alpha__slow_compute", "{\"seconds\":1,\"label\":\"heard\"}")).path("taskId").asString();
            HttpResponse<InputStream> stream = client.post("subscriptions/listen",
                    ModernClient.json("{\"notifications\":{\"taskIds\":[\"" + shown + "\"]}}"));
            try (InputStream body = stream.body()) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                CompletableFuture<List<JsonNode>> heard =
                        CompletableFuture.supplyAsync(() -> readUntilCompleted(reader));
                List<JsonNode> events = heard.get(30, TimeUnit.SECONDS);
                assertThat(events.getFirst().path("params").path("notifications").path("taskIds").get(0).asString())
                        .isEqualTo(shown);
                JsonNode completed = events.getLast().path("params");
                assertThat(completed.path("taskId").asString()).isEqualTo(shown);
                assertThat(completed.path("result").path("content").get(0).path("text").asString())
                        .contains("heard");
            }
        }
        JsonNode asked = alpha.received("subscriptions/listen").getLast().path("params");
        assertThat(asked.path("notifications").path("taskIds").get(0).asString()).startsWith("task-");
        assertThat(asked.path("_meta").path("io.modelcontextprotocol/clientCapabilities").path("extensions")
                .has("io.modelcontextprotocol/tasks")).isTrue();
    }

    /** Events of a listen stream, from its acknowledgement to the notification of a completed task. */
    private static List<JsonNode> readUntilCompleted(BufferedReader reader) {
        List<JsonNode> events = new ArrayList<>();
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    JsonNode event = ModernClient.json(line.substring(5).strip());
                    events.add(event);
                    if (event.path("method").asString("").equals("notifications/tasks")
                            && event.path("params").path("status").asString("").equals("completed")) {
                        return events;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the listen stream ended before the task completed: " + events);
    }

    @Test
    void taskRequestsAreCapturedUnderTheServerThatOwnsTheTask() throws Exception {
        String shown;
        try (ModernClient client = modern("/mcp", WITH_TASKS)) {
            shown = client.result("tools/call", call("alpha__slow_compute", "{\"seconds\":0,\"label\":\"seen\"}"))
                    .path("taskId").asString();
            task(client, "tasks/get", shown);
        }
        TrafficLog log = gateway.capture().orElseThrow().log();
        List<ExchangeSummary> found = await().atMost(Duration.ofSeconds(10)).until(
                () -> log.search(TrafficQuery.latest().withMethod("tasks/get").withGrep(shown)),
                rows -> !rows.isEmpty());
        assertThat(found.getFirst().server()).isEqualTo("alpha");
        assertThat(found.getFirst().outcome()).isEqualTo("ok");
    }

    @Test
    void aModernTaskRequestThatDidNotDeclareTheExtensionIsRefusedWithMissingCapability() throws Exception {
        try (ModernClient client = modern("/mcp", "{}")) {
            JsonNode refused = task(client, "tasks/get", "alpha__task-anything").path("error");
            assertThat(refused.path("code").asInt()).isEqualTo(-32021);
            assertThat(refused.path("data").path("requiredCapabilities").path("extensions")
                    .has("io.modelcontextprotocol/tasks")).isTrue();
        }
        assertThat(alpha.received("tasks/get")).noneMatch(r -> r.toString().contains("task-anything"));
    }

    @Test
    void aTaskAugmentedCallPassesTheSamePolicyAsAPlainOne() throws Exception {
        try (ModernClient client = modern("/mcp", WITH_TASKS)) {
            JsonNode denied = client.request("tools/call", call("beta__slow_compute", "{\"seconds\":1}"));
            assertThat(denied.has("error")).as(denied.toString()).isTrue();
        }
        assertThat(beta.received("tools/call")).noneMatch(r -> r.toString().contains("slow_compute"));
    }

    @Test
    void taskRequestsAcrossErasGetAClearErrorInsteadOfAGuess() throws Exception {
        try (ModernClient client = modern("/mcp", WITH_TASKS)) {
            JsonNode refused = task(client, "tasks/get", "legacy__legacy-1").path("error");
            assertThat(refused.path("code").asInt()).isEqualTo(-32602);
            assertThat(refused.path("message").asString()).contains("'legacy'").contains("one era only");
        }
        McpSessionClient legacy = new McpSessionClient(gateway.port(), "/mcp");
        legacy.initialize();
        JsonNode refused = McpSessionClient.response(legacy.post(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/get\",\"params\":{\"taskId\":\"alpha__task-1\"}}"))
                .path("error");
        assertThat(refused.path("message").asString()).contains("'alpha'").contains("one era only");
    }

    @Test
    void legacyTasksPassThroughAndOnlyTheirCreatorSeesThemTheirQuestionsAndTheirStatus() throws Exception {
        McpSessionClient creator = new McpSessionClient(gateway.port(), "/mcp");
        creator.initialize();
        McpSessionClient bystander = new McpSessionClient(gateway.port(), "/mcp");
        bystander.initialize();
        try (LegacyGetStream creatorStream = openGetStream(creator);
             LegacyGetStream bystanderStream = openGetStream(bystander)) {
            JsonNode created = McpSessionClient.response(creator.post("""
                    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"legacy__legacy_task_job",
                     "arguments":{"ask":true,"millis":100},"task":{"ttl":60000}}}""")).path("result");
            String taskId = created.path("task").path("taskId").asString();
            assertThat(taskId).startsWith("legacy__legacy-");

            await().atMost(Duration.ofSeconds(30)).until(() -> find(creatorStream, "elicitation/create") != null);
            JsonNode question = find(creatorStream, "elicitation/create");
            assertThat(question.path("params").path("_meta").path("io.modelcontextprotocol/related-task")
                    .path("taskId").asString()).isEqualTo(taskId);
            RawHttp.Reply answered = creator.post("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id")
                    + ",\"result\":{\"action\":\"accept\",\"content\":{\"confirm\":true}}}");
            assertThat(answered.status()).isEqualTo(202);

            JsonNode result = McpSessionClient.response(creator.post("{\"jsonrpc\":\"2.0\",\"id\":3,"
                    + "\"method\":\"tasks/result\",\"params\":{\"taskId\":\"" + taskId + "\"}}")).path("result");
            assertThat(result.path("content").get(0).path("text").asString()).isEqualTo("Job done");
            assertThat(result.path("_meta").path("io.modelcontextprotocol/related-task").path("taskId").asString())
                    .isEqualTo(taskId);

            JsonNode listed = McpSessionClient.response(creator.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tasks/list\",\"params\":{}}")).path("result");
            assertThat(listed.path("tasks").valueStream().map(t -> t.path("taskId").asString())).contains(taskId);

            JsonNode notTheirs = McpSessionClient.response(bystander.post("{\"jsonrpc\":\"2.0\",\"id\":5,"
                    + "\"method\":\"tasks/get\",\"params\":{\"taskId\":\"" + taskId + "\"}}"));
            assertThat(notTheirs.path("error").path("code").asInt()).isEqualTo(-32602);
            JsonNode theirList = McpSessionClient.response(bystander.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tasks/list\",\"params\":{}}")).path("result");
            assertThat(theirList.path("tasks").valueStream().map(t -> t.path("taskId").asString()))
                    .doesNotContain(taskId);

            await().atMost(Duration.ofSeconds(30)).until(() -> status(creatorStream, taskId, "completed"));
            assertThat(status(creatorStream, taskId, "input_required")).isTrue();
            assertThat(bystanderStream.lines()).noneMatch(line -> line.contains("tasks/status")
                    || line.contains("elicitation/create"));
        }
    }

    private static LegacyGetStream openGetStream(McpSessionClient session) {
        return LegacyGetStream.open(gateway.port(), "/mcp", session.sessionId());
    }

    private static JsonNode find(LegacyGetStream stream, String method) {
        return stream.messages().stream().filter(m -> method.equals(m.path("method").asString(""))).findFirst()
                .orElse(null);
    }

    private static boolean status(LegacyGetStream stream, String taskId, String status) {
        return stream.messages().stream()
                .anyMatch(m -> "notifications/tasks/status".equals(m.path("method").asString(""))
                && taskId.equals(m.path("params").path("taskId").asString(""))
                && status.equals(m.path("params").path("status").asString("")));
    }
}
