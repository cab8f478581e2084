package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Era matrix, modern client and legacy server: the project's legacy fixture (a stdio server that asks its client
 * with real server-to-client requests) behind the gateway, driven by a 2026-07-28 client. Its sampling, elicitation
 * and roots requests reach the client as {@code input_required} results; the client's retries answer them; its
 * resource subscription arrives on {@code subscriptions/listen}.
 */
@Timeout(120)
class ModernClientLegacyServerTest {

    private static final String ALL = "{\"sampling\":{},\"elicitation\":{},\"roots\":{}}";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(ConformanceFixtureServer.server("fixture", Duration.ofSeconds(30)))));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    static ModernClient client(String capabilities) {
        return new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/s/fixture/mcp"), capabilities);
    }

    static ObjectNode call(String tool, String arguments) {
        return ModernClient.json("{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
    }

    /** The retry of {@code original} answering every question of {@code asked} with {@code answer}. */
    static ObjectNode retry(ObjectNode original, JsonNode asked, String answer) {
        ObjectNode retry = original.deepCopy();
        ObjectNode responses = retry.putObject("inputResponses");
        asked.path("inputRequests").propertyNames().forEach(key -> responses.set(key, ModernClient.json(answer)));
        retry.put("requestState", asked.path("requestState").asString());
        return retry;
    }

    @Test
    void aLegacyServersElicitationBecomesAnInputRequiredResultAndTheRetryCompletesTheCall() throws Exception {
        try (ModernClient client = client(ALL)) {
            ObjectNode request = call("test_elicitation", "{\"message\":\"Who are you?\"}");
            JsonNode asked = client.result("tools/call", request);

            assertThat(asked.path("resultType").asString()).isEqualTo("input_required");
            assertThat(asked.path("requestState").asString()).startsWith("gh1.");
            assertThat(asked.path("inputRequests").propertyNames()).hasSize(1);
            JsonNode question = asked.path("inputRequests").values().iterator().next();
            assertThat(question.path("method").asString()).isEqualTo("elicitation/create");
            assertThat(question.path("params").path("message").asString()).isEqualTo("Who are you?");

            JsonNode done = client.result("tools/call", retry(request, asked,
                    "{\"action\":\"accept\",\"content\":{\"username\":\"ada\",\"email\":\"ada@example.org\"}}"));
            assertThat(done.path("resultType").asString()).isEqualTo("complete");
            assertThat(done.path("content").get(0).path("text").asString())
                    .contains("action=accept").contains("ada@example.org");
        }
    }

    @Test
    void aLegacyServersSamplingRequestRoundTripsThroughTheModernClient() throws Exception {
        try (ModernClient client = client(ALL)) {
            ObjectNode request = call("test_sampling", "{\"prompt\":\"Capital of France?\"}");
            JsonNode asked = client.result("tools/call", request);
            JsonNode question = asked.path("inputRequests").values().iterator().next();
            assertThat(question.path("method").asString()).isEqualTo("sampling/createMessage");
            assertThat(question.path("params").path("messages").get(0).path("content").path("text").asString())
                    .isEqualTo("Capital of France?");

            JsonNode done = client.result("tools/call", retry(request, asked, "{\"role\":\"assistant\",\"content\":"
                    + "{\"type\":\"text\",\"text\":\"Paris\"},\"model\":\"test\",\"stopReason\":\"endTurn\"}"));
            assertThat(done.path("content").get(0).path("text").asString()).isEqualTo("LLM response: Paris");
        }
    }

    @Test
    void questionsAskedTogetherAreAskedInOneRoundAndFurtherQuestionsInTheNext() throws Exception {
        try (ModernClient client = client(ALL)) {
            ObjectNode together = call("test_input_required_result_multiple_inputs", "{}");
            JsonNode asked = client.result("tools/call", together);
            assertThat(asked.path("inputRequests").values()).extracting(q -> q.path("method").asString())
                    .containsExactlyInAnyOrder("elicitation/create", "sampling/createMessage", "roots/list");
            ObjectNode answers = together.deepCopy();
            ObjectNode responses = answers.putObject("inputResponses");
            asked.path("inputRequests").properties().forEach(e -> responses.set(e.getKey(), ModernClient.json(
                    switch (e.getValue().path("method").asString()) {
                        case "elicitation/create" -> "{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}";
                        case "sampling/createMessage" -> "{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
                                + "\"text\":\"Hello\"},\"model\":\"m\"}";
                        default -> "{\"roots\":[{\"uri\":\"file:///work\",\"name\":\"work\"}]}";
                    })));
            answers.put("requestState", asked.path("requestState").asString());
            assertThat(client.result("tools/call", answers).path("content").get(0).path("text").asString())
                    .isEqualTo("Ada / Hello / 1 root(s)");

            ObjectNode rounds = call("test_input_required_result_multi_round", "{}");
            JsonNode first = client.result("tools/call", rounds);
            JsonNode second = client.result("tools/call", retry(rounds, first,
                    "{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}"));
            assertThat(second.path("resultType").asString()).isEqualTo("input_required");
            assertThat(second.path("requestState").asString()).isNotEqualTo(first.path("requestState").asString());
            JsonNode done = client.result("tools/call", retry(rounds, second,
                    "{\"action\":\"accept\",\"content\":{\"color\":\"green\"}}"));
            assertThat(done.path("content").get(0).path("text").asString()).isEqualTo("Ada likes green");
        }
    }

    @Test
    void progressAfterTheRetryCarriesTheRetrysOwnTokenOnTheRetrysStream() throws Exception {
        try (ModernClient client = client(ALL)) {
            ObjectNode request = call("ask_with_progress", "{}");
            request.putObject("_meta").put("progressToken", "first-request");
            List<JsonNode> first = client.exchange("tools/call", request);
            assertThat(progress(first)).containsExactly("first-request:1");
            JsonNode asked = first.getLast().path("result");
            assertThat(asked.path("resultType").asString()).isEqualTo("input_required");

            ObjectNode retry = retry(request, asked, "{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}");
            ((ObjectNode) retry.get("_meta")).put("progressToken", "the-retry");
            List<JsonNode> second = client.exchange("tools/call", retry);

            assertThat(progress(second)).containsExactly("the-retry:2");
            assertThat(second.getLast().path("result").path("content").get(0).path("text").asString())
                    .isEqualTo("Thanks, Ada");
        }
    }

    @Test
    void aRetryThatAsksForNoProgressGetsNone() throws Exception {
        try (ModernClient client = client(ALL)) {
            ObjectNode request = call("ask_with_progress", "{}");
            request.putObject("_meta").put("progressToken", 7);
            List<JsonNode> first = client.exchange("tools/call", request);
            assertThat(progress(first)).containsExactly("7:1");

            List<JsonNode> second = client.exchange("tools/call", retry(call("ask_with_progress", "{}"),
                    first.getLast().path("result"), "{\"action\":\"accept\",\"content\":{\"name\":\"Bo\"}}"));

            assertThat(progress(second)).isEmpty();
            assertThat(second.getLast().path("result").path("content").get(0).path("text").asString())
                    .isEqualTo("Thanks, Bo");
        }
    }

    /** The progress notifications among {@code messages}, as {@code token:progress}. */
    private static List<String> progress(List<JsonNode> messages) {
        return messages.stream().filter(m -> "notifications/progress".equals(m.path("method").asString("")))
                .map(m -> m.path("params").path("progressToken").asString() + ":"
                        + m.path("params").path("progress").asInt())
                .toList();
    }

    @Test
    void promptsGetAsksToo() throws Exception {
        try (ModernClient client = client(ALL)) {
            ObjectNode request = ModernClient.json("{\"name\":\"test_input_required_result_prompt\"}");
            JsonNode asked = client.result("prompts/get", request);
            assertThat(asked.path("resultType").asString()).isEqualTo("input_required");
            JsonNode done = client.result("prompts/get", retry(request, asked,
                    "{\"action\":\"accept\",\"content\":{\"context\":\"tests\"}}"));
            assertThat(done.path("messages").get(0).path("content").path("text").asString())
                    .isEqualTo("Context: tests");
        }
    }

    @Test
    void aQuestionTheClientDeclaredNoCapabilityForIsRefusedToTheServer() throws Exception {
        try (ModernClient client = client("{\"sampling\":{}}")) {
            JsonNode result = client.result("tools/call", call("test_input_required_result_capabilities", "{}"));
            assertThat(result.path("resultType").asString()).isEqualTo("input_required");
            assertThat(result.path("inputRequests").values()).extracting(q -> q.path("method").asString())
                    .containsExactly("sampling/createMessage");
        }
    }

    @Test
    void aModernRequestsLogLevelLowersTheLevelALegacyClientSetOnTheServer() throws Exception {
        McpSessionClient legacy = new McpSessionClient(gateway.port(), "/s/fixture/mcp");
        legacy.initialize();
        JsonNode set = McpSessionClient.response(legacy.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                + "\"logging/setLevel\",\"params\":{\"level\":\"error\"}}"));
        assertThat(set.has("result")).as(set.toString()).isTrue();
        try (ModernClient client = client(ALL)) {
            ObjectNode request = call("test_tool_with_logging", "{}");
            request.putObject("_meta").put("io.modelcontextprotocol/logLevel", "info");
            List<JsonNode> messages = client.exchange("tools/call", request);

            assertThat(messages).filteredOn(m -> "notifications/message".equals(m.path("method").asString("")))
                    .extracting(m -> m.path("params").path("data").asString())
                    .contains("Tool execution started", "Tool execution completed");
            assertThat(messages.getLast().path("result").path("content").get(0).path("text").asString())
                    .isEqualTo("Tool with logging executed successfully");
        } finally {
            legacy.delete();
        }
    }

    @Test
    void aResourceSubscriptionDeliversTheServersUpdateOnTheListenStream() throws Exception {
        try (ModernClient client = client(ALL)) {
            HttpResponse<InputStream> stream = client.post("subscriptions/listen", ModernClient.json(
                    "{\"notifications\":{\"resourceSubscriptions\":[\"test://watched-resource\"]}}"));
            try (InputStream body = stream.body()) {
                List<JsonNode> events = ModernClient.events(body, 2);
                assertThat(events.getFirst().path("method").asString())
                        .isEqualTo("notifications/subscriptions/acknowledged");
                assertThat(events.get(1).path("method").asString()).isEqualTo("notifications/resources/updated");
                assertThat(events.get(1).path("params").path("uri").asString()).isEqualTo("test://watched-resource");
            }
        }
    }
}
