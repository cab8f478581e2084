package dev.gatehouse.upstream.builtin;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The two shapes a built-in tool answers with: structured content (also as text), or an error result. */
record ToolResults(JsonMapper mapper) {

    ObjectNode structured(ObjectNode content) {
        ObjectNode result = mapper.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", mapper.writeValueAsString(content));
        result.set("structuredContent", content);
        return result;
    }

    ObjectNode error(String message) {
        ObjectNode result = mapper.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", message);
        result.put("isError", true);
        return result;
    }
}
