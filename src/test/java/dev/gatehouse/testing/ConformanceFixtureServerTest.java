package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Drives the fixture as a real child process with raw JSON lines, the way a gateway's stdio upstream would. */
@Timeout(60)
class ConformanceFixtureServerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private StdioChild fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new StdioChild(ConformanceFixtureServer.command());
        fixture.send("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                "capabilities":{"sampling":{},"elicitation":{}},"clientInfo":{"name":"test","version":"0"}}}
                """.replace("\n", ""));
        JsonNode init = fixture.next(WAIT);
        assertThat(init.path("result").path("protocolVersion").asString("")).isEqualTo("2025-11-25");
        fixture.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void initializeDeclaresEveryCapabilityTheSuiteUses() {
        JsonNode result = call(1, "initialize",
                "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"0\"}}");

        assertThat(result.path("protocolVersion").asString("")).isEqualTo("2025-06-18");
        assertThat(result.path("capabilities").path("resources").path("subscribe").asBoolean()).isTrue();
        assertThat(result.path("capabilities").has("logging")).isTrue();
        assertThat(result.path("capabilities").has("completions")).isTrue();
    }

    @Test
    void offersTheLatestVersionToAClientAskingForAnUnknownOne() {
        JsonNode result = call(1, "initialize",
                "{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"0\"}}");

        assertThat(result.path("protocolVersion").asString("")).isEqualTo("2025-11-25");
    }

    @Test
    void listsEveryToolNameTheSuiteCallsAndKeepsTheRawSchema() {
        JsonNode tools = call(1, "tools/list", "{}").path("tools");

        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.path("name").asString("")));
        assertThat(names).contains("test_simple_text", "test_image_content", "test_audio_content",
                "test_embedded_resource", "test_multiple_content_types", "test_tool_with_logging",
                "test_tool_with_progress", "test_error_handling", "test_reconnection", "test_sampling",
                "test_elicitation", "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums",
                "json_schema_2020_12_tool");
        JsonNode schema = tools.get(names.indexOf("json_schema_2020_12_tool")).path("inputSchema");
        assertThat(schema.path("$schema").asString("")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$defs").path("address").path("$anchor").asString("")).isEqualTo("addressDef");
        assertThat(schema.path("additionalProperties").isBoolean()).isTrue();
        assertThat(schema.has("if") && schema.has("then") && schema.has("else")).isTrue();
    }

    @Test
    void simpleTextToolAnswersWithText() {
        JsonNode result = call(1, "tools/call", "{\"name\":\"test_simple_text\",\"arguments\":{}}");

        assertThat(result.path("content").get(0).path("text").asString(""))
                .isEqualTo("This is a simple text response for testing.");
    }

    @Test
    void errorToolReturnsAToolErrorNotAProtocolError() {
        JsonNode result = call(1, "tools/call", "{\"name\":\"test_error_handling\",\"arguments\":{}}");

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").get(0).path("text").asString("")).isNotEmpty();
    }

    @Test
    void progressToolReportsThreeIncreasingStepsWithTheCallersToken() {
        fixture.send("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"test_tool_with_progress",
                "arguments":{},"_meta":{"progressToken":"progress-test-1"}}}""".replace("\n", ""));
        List<JsonNode> messages = fixture.untilResponse(1, WAIT);

        List<Integer> steps = new ArrayList<>();
        for (JsonNode message : messages) {
            if (message.path("method").asString("").equals("notifications/progress")) {
                assertThat(message.path("params").path("progressToken").asString("")).isEqualTo("progress-test-1");
                steps.add(message.path("params").path("progress").asInt());
            }
        }
        assertThat(steps).containsExactly(0, 50, 100);
        assertThat(messages.getLast().path("result").path("content").get(0).path("text").asString(""))
                .isEqualTo("progress-test-1");
    }

    @Test
    void samplingToolWaitsForTheClientsReplyAndQuotesIt() {
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"test_sampling\","
                + "\"arguments\":{\"prompt\":\"Say hi\"}}}");
        JsonNode request = fixture.next(WAIT);
        assertThat(request.path("method").asString("")).isEqualTo("sampling/createMessage");
        assertThat(request.path("params").path("messages").get(0).path("content").path("text").asString(""))
                .isEqualTo("Say hi");

        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"result\":{\"role\":\"assistant\","
                + "\"content\":{\"type\":\"text\",\"text\":\"hi there\"},\"model\":\"m\",\"stopReason\":\"endTurn\"}}");
        JsonNode response = fixture.next(WAIT);

        assertThat(response.path("id").asInt()).isEqualTo(1);
        assertThat(response.path("result").path("content").get(0).path("text").asString(""))
                .isEqualTo("LLM response: hi there");
    }

    @Test
    void elicitationDefaultsToolSendsEveryPrimitiveDefault() {
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"test_elicitation_sep1034_defaults\",\"arguments\":{}}}");
        JsonNode request = fixture.next(WAIT);
        JsonNode properties = request.path("params").path("requestedSchema").path("properties");
        assertThat(properties.path("age").path("default").asInt()).isEqualTo(30);
        assertThat(properties.path("score").path("default").asDouble()).isEqualTo(95.5);

        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"result\":{\"action\":\"decline\"}}");

        assertThat(fixture.next(WAIT).path("result").path("content").get(0).path("text").asString(""))
                .isEqualTo("Elicitation completed: action=decline, content={}");
    }

    @Test
    void loggingToolHonoursTheLevelSetByTheClient() {
        call(1, "logging/setLevel", "{\"level\":\"warning\"}");
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"test_tool_with_logging\",\"arguments\":{}}}");
        assertThat(fixture.untilResponse(2, WAIT)).hasSize(1);

        call(3, "logging/setLevel", "{\"level\":\"debug\"}");
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"test_tool_with_logging\",\"arguments\":{}}}");
        assertThat(fixture.untilResponse(4, WAIT)).hasSize(4);
    }

    @Test
    void promptWithArgumentsSubstitutesThem() {
        JsonNode result = call(1, "prompts/get",
                "{\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"one\",\"arg2\":\"two\"}}");

        assertThat(result.path("messages").get(0).path("content").path("text").asString(""))
                .isEqualTo("Prompt with arguments: arg1='one', arg2='two'");
    }

    @Test
    void readsTextBinaryAndTemplatedResources() {
        JsonNode text = call(1, "resources/read", "{\"uri\":\"test://static-text\"}").path("contents").get(0);
        JsonNode binary = call(2, "resources/read", "{\"uri\":\"test://static-binary\"}").path("contents").get(0);
        JsonNode templated = call(3, "resources/read", "{\"uri\":\"test://template/123/data\"}").path("contents")
                .get(0);

        assertThat(text.path("text").asString("")).isEqualTo("This is the content of the static text resource.");
        assertThat(binary.path("blob").asString("")).isEqualTo(FixtureContent.PNG_BASE64);
        assertThat(templated.path("uri").asString("")).isEqualTo("test://template/123/data");
        assertThat(templated.path("text").asString("")).contains("\"id\":\"123\"", "Data for ID: 123");
    }

    @Test
    void unknownResourceIsInvalidParamsNamingTheUri() {
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://nope\"}}");
        JsonNode error = fixture.next(WAIT).path("error");

        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(error.path("data").path("uri").asString("")).isEqualTo("test://nope");
    }

    @Test
    void subscribingAnswersThenAnnouncesOneUpdate() {
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"test://watched-resource\"}}");
        List<JsonNode> messages = fixture.untilResponse(1, WAIT);
        JsonNode update = fixture.next(WAIT);

        assertThat(messages.getLast().path("result").isObject()).isTrue();
        assertThat(update.path("method").asString("")).isEqualTo("notifications/resources/updated");
        assertThat(update.path("params").path("uri").asString("")).isEqualTo("test://watched-resource");
    }

    @Test
    void completesPromptArgumentsByPrefix() {
        JsonNode result = call(1, "completion/complete", "{\"ref\":{\"type\":\"ref/prompt\","
                + "\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"par\"}}");

        assertThat(result.path("completion").path("values")).hasSize(3);
        assertThat(result.path("completion").path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void unknownMethodIsMethodNotFound() {
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope/nope\",\"params\":{}}");

        assertThat(fixture.next(WAIT).path("error").path("code").asInt()).isEqualTo(-32601);
    }

    /** Sends a request and returns its result, skipping notifications sent before it (logs, say). */
    private JsonNode call(int id, String method, String params) {
        fixture.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        JsonNode response = fixture.untilResponse(id, WAIT).getLast();
        assertThat(response.has("result")).as("result of %s: %s", method, response).isTrue();
        return response.path("result");
    }
}
