package dev.gatehouse.probe;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Arguments for calling a tool nobody gave arguments for ({@code gatehouse probe --exercise}): each property's
 * {@code default}, else for a required one the first {@code enum} value or a plain value of its type. Optional
 * properties without a default are left out. {@code $ref}s are never followed, least of all over the network.
 */
final class ExampleArguments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExampleArguments() {
    }

    static ObjectNode forSchema(JsonNode inputSchema) {
        ObjectNode arguments = NODES.objectNode();
        JsonNode required = inputSchema.path("required");
        for (Map.Entry<String, JsonNode> property : inputSchema.path("properties").properties()) {
            JsonNode schema = property.getValue();
            if (schema.has("default")) {
                arguments.set(property.getKey(), schema.get("default").deepCopy());
            } else if (contains(required, property.getKey())) {
                arguments.set(property.getKey(), example(schema));
            }
        }
        return arguments;
    }

    private static JsonNode example(JsonNode schema) {
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0).deepCopy();
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        JsonNode type = schema.path("type");
        String name = type.isArray() && !type.isEmpty() ? type.get(0).asString("") : type.asString("");
        return switch (name) {
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> NODES.arrayNode();
            case "object" -> forSchema(schema);
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode("example");
        };
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array.values()) {
            if (element.isString() && element.stringValue().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
