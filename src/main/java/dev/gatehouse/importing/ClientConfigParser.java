package dev.gatehouse.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the servers out of any of the client files {@link ClientKind} lists: {@code mcpServers} (Claude Desktop,
 * Cursor, Claude Code, the portable {@code .mcp.json}), {@code servers} (VS Code mcp.json), {@code mcp.servers}
 * (older VS Code settings.json, nested or as a dotted key) and {@code projects.*.mcpServers} (Claude Code's local
 * scope). Remote servers are read in each client's form: {@code url}, {@code headers} and the optional {@code type}
 * ({@code http} or {@code sse}). Comments and trailing commas are accepted, as VS Code writes JSONC. Errors name the
 * file and what is wrong, never a value.
 */
public final class ClientConfigParser {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA).build();
    private static final long MAX_BYTES = 8L * 1024 * 1024;

    /** A client file that cannot be read as MCP config. */
    public static final class UnreadableConfig extends Exception {
        UnreadableConfig(String message) {
            super(message, null, false, false);
        }
    }

    private ClientConfigParser() {
    }

    public static List<ImportedServer> parse(Path file) throws UnreadableConfig {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UnreadableConfig(file + " is larger than " + MAX_BYTES + " bytes");
            }
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UnreadableConfig("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (JacksonException e) {
            throw new UnreadableConfig(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (!root.isObject()) {
            throw new UnreadableConfig(file + " does not hold a JSON object");
        }
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        collect(root.get("mcpServers"), tables);
        collect(root.get("servers"), tables);
        collect(root.path("mcp").get("servers"), tables);
        collect(root.get("mcp.servers"), tables);
        if (root.get("projects") instanceof tools.jackson.databind.node.ObjectNode projects) {
            projects.properties().forEach(project -> collect(project.getValue().get("mcpServers"), tables));
        }
        List<ImportedServer> servers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : tables.entrySet()) {
            servers.add(server(entry.getKey(), entry.getValue(), file));
        }
        return servers;
    }

    /** The first declaration of a name wins, as the clients resolve their own scopes most specific first. */
    private static void collect(JsonNode table, Map<String, JsonNode> into) {
        if (table != null && table.isObject()) {
            table.properties().forEach(e -> into.putIfAbsent(e.getKey(), e.getValue()));
        }
    }

    private static ImportedServer server(String name, JsonNode node, Path file) throws UnreadableConfig {
        if (!node.isObject()) {
            throw new UnreadableConfig(file + ": server '" + name + "' is not an object");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode arg : node.path("args").values()) {
            args.add(arg.asString());
        }
        return new ImportedServer(name, text(node, "command"), args, strings(node.path("env")), text(node, "cwd"),
                text(node, "url"), strings(node.path("headers")), text(node, "type"), file);
    }

    private static Map<String, String> strings(JsonNode table) {
        Map<String, String> values = new LinkedHashMap<>();
        table.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
        return values;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || !value.isString() ? null : value.stringValue();
    }
}
