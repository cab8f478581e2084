package dev.gatehouse.upstream.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code x-mcp-header} annotations of a modern server's tools (SEP-2243): which arguments of which tool are
 * mirrored into {@code Mcp-Param-*} headers. A tool whose annotations break the rules (empty or non-token name,
 * a name used twice ignoring case, a parameter that is not a string, integer or boolean) MUST be dropped, so
 * {@link #acceptToolsList} removes it from the list the caller sees and never mirrors anything for it.
 */
final class ToolHeaderRules {

    private static final Logger log = LoggerFactory.getLogger(ToolHeaderRules.class);
    private static final String ANNOTATION = "x-mcp-header";
    private static final Set<String> MIRRORABLE_TYPES = Set.of("string", "integer", "boolean");
    private static final int MAX_TOOLS_REMEMBERED = 10_000;

    private final String server;
    /** Tool name → (argument name → header name suffix), in declaration order. */
    private final Map<String, Map<String, String>> byTool = new ConcurrentHashMap<>();

    ToolHeaderRules(String server) {
        this.server = server;
    }

    /**
     * Learns the annotations of every tool in a {@code tools/list} result and returns the result without the tools
     * that break the rules (the same object when none does).
     */
    JsonNode acceptToolsList(JsonNode result) {
        if (!(result instanceof ObjectNode object) || !(object.get("tools") instanceof ArrayNode tools)) {
            return result;
        }
        ArrayNode kept = tools.arrayNode();
        boolean dropped = false;
        for (JsonNode tool : tools.values()) {
            String name = tool.path("name").asString("");
            Optional<Map<String, String>> headers = headersOf(tool);
            if (headers.isEmpty()) {
                log.warn("Server {}: tool '{}' has an invalid x-mcp-header annotation; it is not offered", server,
                        printable(name));
                byTool.remove(name);
                dropped = true;
                continue;
            }
            if (headers.get().isEmpty()) {
                byTool.remove(name);
            } else if (byTool.size() < MAX_TOOLS_REMEMBERED || byTool.containsKey(name)) {
                byTool.put(name, headers.get());
            }
            kept.add(tool);
        }
        if (!dropped) {
            return result;
        }
        ObjectNode copy = object.deepCopy();
        copy.set("tools", kept);
        return copy;
    }

    /** The {@code Mcp-Param-*} headers for a call of {@code tool} with {@code arguments}; null values are omitted. */
    Map<String, String> headersFor(String tool, JsonNode arguments) {
        Map<String, String> mirrored = byTool.get(tool);
        if (mirrored == null || !(arguments instanceof ObjectNode args)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : mirrored.entrySet()) {
            JsonNode value = args.get(entry.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            String text = value.isString() ? value.stringValue()
                    : value.isBoolean() || value.isIntegralNumber() ? value.toString() : null;
            if (text != null) {
                headers.put("Mcp-Param-" + entry.getValue(), HeaderValues.encode(text));
            }
        }
        return headers;
    }

    /** The argument → header map of a tool, empty when it mirrors nothing, absent when its annotations are invalid. */
    private static Optional<Map<String, String>> headersOf(JsonNode tool) {
        JsonNode properties = tool.path("inputSchema").path("properties");
        Map<String, String> headers = new LinkedHashMap<>();
        if (!properties.isObject()) {
            return Optional.of(headers);
        }
        Set<String> seen = new HashSet<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(properties.properties());
        for (Map.Entry<String, JsonNode> property : entries) {
            JsonNode annotation = property.getValue().get(ANNOTATION);
            if (annotation == null) {
                continue;
            }
            if (!annotation.isString() || !isToken(annotation.stringValue())
                    || !MIRRORABLE_TYPES.contains(property.getValue().path("type").asString(""))
                    || !seen.add(annotation.stringValue().toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            headers.put(property.getKey(), annotation.stringValue());
        }
        return Optional.of(headers);
    }

    /** An RFC 9110 token: one or more visible ASCII characters other than separators. */
    private static boolean isToken(String name) {
        return !name.isEmpty()
                && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    }

    private static String printable(String text) {
        String visible = text.replaceAll("[^\\x20-\\x7E]", "?");
        return visible.length() > 64 ? visible.substring(0, 64) + "…" : visible;
    }
}
