package dev.gatehouse.policy;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tool as its server lists it, under the server's own name. {@code sha256} covers exactly what a client
 * model reads and relies on — name, title, description, schemas and annotations — so a change to any of them is
 * a change to the tool.
 */
public record ToolDefinition(String server, String name, ObjectNode definition, String sha256) {

    static final List<String> PINNED_FIELDS =
            List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations");

    /** The definition as listed, renamed to the server's own tool name (the aggregate view prefixes it). */
    static ToolDefinition of(String server, String name, ObjectNode listed) {
        ObjectNode own = listed.deepCopy();
        own.put("name", name);
        return new ToolDefinition(server, name, own, CanonicalJson.hash(own, PINNED_FIELDS));
    }
}
