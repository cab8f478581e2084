package dev.gatehouse.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Content blocks and payloads shared by the fixture's tools, prompts and resources. */
final class FixtureContent {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The log levels, least severe first. */
    static final java.util.List<String> LOG_LEVELS =
            java.util.List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    /** A 1x1 red PNG pixel, as the reference server sends it. */
    static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    /** A minimal WAV file. */
    static final String WAV_BASE64 = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    private FixtureContent() {
    }

    /** Parses a JSON object literal; fixture schemas read better as JSON than as builder calls. */
    static ObjectNode parse(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array(JsonNode... items) {
        ArrayNode array = NODES.arrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

    static ObjectNode text(String text) {
        return object().put("type", "text").put("text", text);
    }

    static ObjectNode image() {
        return object().put("type", "image").put("data", PNG_BASE64).put("mimeType", "image/png");
    }

    static ObjectNode audio() {
        return object().put("type", "audio").put("data", WAV_BASE64).put("mimeType", "audio/wav");
    }

    static ObjectNode embeddedText(String uri, String mimeType, String text) {
        ObjectNode resource = object().put("uri", uri).put("mimeType", mimeType).put("text", text);
        ObjectNode block = object().put("type", "resource");
        block.set("resource", resource);
        return block;
    }

    /** A {@code tools/call} result holding the given content blocks. */
    static ObjectNode toolResult(JsonNode... content) {
        ObjectNode result = object();
        result.set("content", array(content));
        return result;
    }

    /** A JSON Schema object: {@code {"type":"object","properties":{...}}}, with {@code required} if any. */
    static ObjectNode objectSchema(ObjectNode properties, String... required) {
        ObjectNode schema = object().put("type", "object");
        schema.set("properties", properties);
        if (required.length > 0) {
            ArrayNode names = schema.putArray("required");
            for (String name : required) {
                names.add(name);
            }
        }
        return schema;
    }

    static ObjectNode stringProperty(String description) {
        return object().put("type", "string").put("description", description);
    }
}
