package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolHeaderRulesTest {

    private static JsonNode json(String text) {
        return RemoteFixture.JSON.readTree(text);
    }

    private static String tool(String name, String properties) {
        return "{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\",\"properties\":{" + properties + "}}}";
    }

    @Test
    void dropsEveryToolWhoseAnnotationsBreakTheRulesAndKeepsTheRest() {
        ToolHeaderRules rules = new ToolHeaderRules("s");
        JsonNode result = json("{\"tools\":[" + String.join(",",
                tool("valid", "\"r\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}"),
                tool("plain", "\"q\":{\"type\":\"string\"}"),
                tool("empty", "\"v\":{\"type\":\"string\",\"x-mcp-header\":\"\"}"),
                tool("number", "\"v\":{\"type\":\"number\",\"x-mcp-header\":\"Score\"}"),
                tool("object", "\"v\":{\"type\":\"object\",\"x-mcp-header\":\"Data\"}"),
                tool("space", "\"v\":{\"type\":\"string\",\"x-mcp-header\":\"My Region\"}"),
                tool("colon", "\"v\":{\"type\":\"string\",\"x-mcp-header\":\"A:B\"}"),
                tool("accent", "\"v\":{\"type\":\"string\",\"x-mcp-header\":\"Région\"}"),
                tool("twice", "\"a\":{\"type\":\"string\",\"x-mcp-header\":\"Field\"},"
                        + "\"b\":{\"type\":\"string\",\"x-mcp-header\":\"field\"}")) + "],\"nextCursor\":\"c\"}");

        JsonNode kept = rules.acceptToolsList(result);

        assertThat(kept.path("tools").values()).extracting(t -> t.path("name").asString())
                .containsExactly("valid", "plain");
        assertThat(kept.path("nextCursor").asString()).isEqualTo("c");
        assertThat(rules.headersFor("number", json("{\"v\":1}"))).isEmpty();
    }

    @Test
    void returnsTheSameResultWhenNothingIsDropped() {
        ToolHeaderRules rules = new ToolHeaderRules("s");
        JsonNode result = json("{\"tools\":[" + tool("plain", "\"q\":{\"type\":\"string\"}") + "]}");

        assertThat(rules.acceptToolsList(result)).isSameAs(result);
    }

    @Test
    void mirrorsAnnotatedArgumentsEncodingUnsafeValuesAndOmittingNulls() {
        ToolHeaderRules rules = new ToolHeaderRules("s");
        rules.acceptToolsList(json("{\"tools\":[" + tool("t", "\"r\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"n\":{\"type\":\"integer\",\"x-mcp-header\":\"Count\"},"
                + "\"b\":{\"type\":\"boolean\",\"x-mcp-header\":\"Debug\"},"
                + "\"w\":{\"type\":\"string\",\"x-mcp-header\":\"Padded\"},"
                + "\"z\":{\"type\":\"string\",\"x-mcp-header\":\"Gone\"},"
                + "\"q\":{\"type\":\"string\"}") + "]}"));

        Map<String, String> headers = rules.headersFor("t",
                json("{\"r\":\"us west 1\",\"n\":42,\"b\":false,\"w\":\" x \",\"z\":null,\"q\":\"SELECT\"}"));

        assertThat(headers).containsExactly(Map.entry("Mcp-Param-Region", "us west 1"),
                Map.entry("Mcp-Param-Count", "42"), Map.entry("Mcp-Param-Debug", "false"),
                Map.entry("Mcp-Param-Padded", "=?base64?IHgg?="));
    }

    @Test
    void encodesValuesThatCannotTravelPlainAsBase64() {
        assertThat(HeaderValues.encode("tools/call")).isEqualTo("tools/call");
        assertThat(HeaderValues.encode("")).isEmpty();
        assertThat(HeaderValues.encode("line1\nline2")).isEqualTo("=?base64?bGluZTEKbGluZTI=?=");
        assertThat(HeaderValues.encode("Hello, 世界")).isEqualTo("=?base64?SGVsbG8sIOS4lueVjA==?=");
        assertThat(HeaderValues.encode("=?base64?abc?=")).startsWith("=?base64?").isNotEqualTo("=?base64?abc?=");
    }
}
