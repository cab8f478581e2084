package dev.gatehouse.upstream.stdio;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small JSON helpers for building test requests. */
final class ScriptedServersJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScriptedServersJson() {
    }

    static ObjectNode tree(Map<String, ?> fields) {
        return JSON.valueToTree(fields);
    }
}
