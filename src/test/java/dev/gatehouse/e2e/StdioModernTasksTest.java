package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.upstream.stdio.ScriptedServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Modern task notifications from a modern server over stdio (a real child process offering the tasks extension):
 * a modern client's {@code subscriptions/listen} stream on the aggregate endpoint, asking for a task by its
 * namespaced id, hears {@code notifications/tasks} under that id until the task completes, while the child is asked,
 * on its own listen request, about the task under its own id. (A legacy server's {@code notifications/tasks/status}
 * over stdio reaching the session that created the task is tested in {@link TasksThroughTheGatewayTest}, whose
 * legacy fixture is a stdio child.)
 */
@Timeout(120)
class StdioModernTasksTest {

    private static final String WITH_TASKS =
            "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        List<String> command = ScriptedServers.javaCommand("--modern", "--tasks");
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                new ServerConfig("gamma", command.getFirst(), command.subList(1, command.size()), Map.of(), null,
                        true, Duration.ofSeconds(30)))));
        // The aggregate shows only servers already running.
        try (ModernClient client = modern("/s/gamma/mcp")) {
            client.result("tools/list", null);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static ModernClient modern(String path) {
        return new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + path), WITH_TASKS);
    }

    @Test
    void aModernStdioServersTaskStatusReachesTheListenStreamThatAskedForItUnderItsNamespacedId() throws Exception {
        try (ModernClient client = modern("/mcp")) {
            JsonNode created = client.result("tools/call", ModernClient.json(
                    "{\"name\":\"gamma__slow_compute\",\"arguments\":{\"seconds\":1,\"label\":\"heard\"}}"));
            assertThat(created.path("resultType").asString()).isEqualTo("task");
            String shown = created.path("taskId").asString();
            assertThat(shown).startsWith("gamma__task-");

            List<JsonNode> events = new CopyOnWriteArrayList<>();
            try (InputStream body = client.post("subscriptions/listen",
                    ModernClient.json("{\"notifications\":{\"taskIds\":[\"" + shown + "\"]}}")).body()) {
                boolean completed = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ModernClient.eventsUntil(body, StdioModernTasksTest::completedTask, events);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).get(60, TimeUnit.SECONDS);
                assertThat(completed).as("the listen stream ended before the task completed: %s", events).isTrue();
            }
            assertThat(events.getFirst().path("params").path("notifications").path("taskIds").get(0).asString())
                    .isEqualTo(shown);
            JsonNode done = events.getLast().path("params");
            assertThat(done.path("taskId").asString()).isEqualTo(shown);
            assertThat(done.path("result").path("content").get(0).path("text").asString()).contains("heard");
            assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain("\"task-"));

            JsonNode seen = client.result("tools/call", ModernClient.json("{\"name\":\"gamma__seen\"}"))
                    .path("structuredContent").path("listens");
            JsonNode asked = seen.get(seen.size() - 1);
            assertThat(asked.path("notifications").path("taskIds").get(0).asString())
                    .isEqualTo(shown.substring("gamma__".length()));
            assertThat(asked.path("_meta").path("io.modelcontextprotocol/clientCapabilities").path("extensions")
                    .has("io.modelcontextprotocol/tasks")).isTrue();
        }
    }

    private static boolean completedTask(JsonNode event) {
        return event.path("method").asString("").equals("notifications/tasks")
                && event.path("params").path("status").asString("").equals("completed");
    }
}
