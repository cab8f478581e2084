package dev.gatehouse.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.protocol.McpMethods;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ProbeAnswersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void acceptsAFormWithTheDefaultsItsSchemaGives() {
        ObjectNode answer = ProbeAnswers.answer(McpMethods.ELICITATION_CREATE, json("{\"message\":\"m\","
                + "\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\","
                + "\"default\":\"John\"},\"age\":{\"type\":\"integer\",\"default\":30},\"note\":{\"type\":\"string\"}},"
                + "\"required\":[\"name\"]}}")).orElseThrow();

        assertThat(answer.toString()).isEqualTo("{\"action\":\"accept\",\"content\":{\"name\":\"John\",\"age\":30}}");
    }

    @Test
    void declinesAFormWithARequiredFieldItCannotFillAndAnyUrlElicitation() {
        assertThat(ProbeAnswers.answer(McpMethods.ELICITATION_CREATE, json("{\"requestedSchema\":{\"properties\":"
                + "{\"secret\":{\"type\":\"string\"}},\"required\":[\"secret\"]}}")).orElseThrow()
                .path("action").asString()).isEqualTo("decline");
        assertThat(ProbeAnswers.answer(McpMethods.ELICITATION_CREATE, json("{\"mode\":\"url\","
                + "\"url\":\"https://example.com\"}")).orElseThrow().path("action").asString()).isEqualTo("decline");
    }

    @Test
    void hasNoRootsAndCannotSample() {
        assertThat(ProbeAnswers.answer(McpMethods.ROOTS_LIST, null).orElseThrow().toString())
                .isEqualTo("{\"roots\":[]}");
        assertThat(ProbeAnswers.answer(McpMethods.SAMPLING_CREATE_MESSAGE, json("{}"))).isEmpty();
    }

    @Test
    void buildsExampleArgumentsFromDefaultsEnumsAndTypesOfRequiredProperties() {
        ObjectNode arguments = ExampleArguments.forSchema(json("{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"integer\",\"default\":4},"
                + "\"c\":{\"type\":\"string\",\"enum\":[\"x\",\"y\"]},\"d\":{\"type\":\"boolean\"},"
                + "\"e\":{\"type\":\"string\"},\"f\":{\"$ref\":\"https://example.com/schema.json\"}},"
                + "\"required\":[\"a\",\"c\",\"d\",\"f\"]}"));

        assertThat(arguments.toString()).isEqualTo("{\"a\":1,\"b\":4,\"c\":\"x\",\"d\":false,\"f\":\"example\"}");
    }
}
