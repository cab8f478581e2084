package dev.gatehouse.upstream.builtin;

import dev.gatehouse.Upstream;
import dev.gatehouse.config.KnownValueRedactor;
import dev.gatehouse.config.ServerConfig;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in tools that help an agent debug its own setup: a server's recent stderr (with the values its config
 * hands it redacted) and the open sessions. Read-only like every built-in tool.
 */
final class DiagnosticTools {

    static final String SERVER_LOGS = "server_logs";
    static final String SESSIONS = "sessions";
    private static final int DEFAULT_LINES = 50;
    private static final int MAX_LINES = 200;

    private final JsonMapper mapper;
    private final ServerDirectory directory;
    private final ToolResults results;

    DiagnosticTools(JsonMapper mapper, ServerDirectory directory) {
        this.mapper = mapper;
        this.directory = directory;
        this.results = new ToolResults(mapper);
    }

    void define(ArrayNode tools) {
        ObjectNode logs = tools.addObject();
        logs.put("name", SERVER_LOGS);
        logs.put("title", "Server logs");
        logs.put("description", "Shows the last lines a server wrote on stderr, across restarts, with the values "
                + "of its configured environment variables and headers redacted.");
        ObjectNode schema = logs.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("name").put("type", "string").put("description", "server name");
        properties.putObject("lines").put("type", "integer").put("minimum", 1).put("maximum", MAX_LINES)
                .put("description", "how many of the last lines (default " + DEFAULT_LINES + ")");
        schema.putArray("required").add("name");
        logs.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
        ObjectNode sessions = tools.addObject();
        sessions.put("name", SESSIONS);
        sessions.put("title", "Sessions");
        sessions.put("description", "Lists the client sessions open on this gateway: endpoint, client, protocol "
                + "version, age and requests in flight.");
        sessions.putObject("inputSchema").put("type", "object");
        sessions.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
    }

    boolean has(String name) {
        return name.equals(SERVER_LOGS) || name.equals(SESSIONS);
    }

    /** Runs a tool {@link #has known} to exist; returns a CallToolResult, with {@code isError} for a bad argument. */
    ObjectNode call(String name, ObjectNode arguments) {
        return name.equals(SESSIONS) ? sessions() : serverLogs(arguments);
    }

    private ObjectNode serverLogs(ObjectNode arguments) {
        String name = arguments.path("name").asString("");
        int wanted = arguments.path("lines").asInt(DEFAULT_LINES);
        if (wanted < 1 || wanted > MAX_LINES) {
            return results.error("'lines' must be between 1 and " + MAX_LINES);
        }
        Optional<Upstream> upstream = directory.running().stream().filter(u -> u.name().equals(name)).findFirst();
        Optional<ServerConfig> config = directory.configured().stream().filter(c -> c.name().equals(name))
                .findFirst();
        if (upstream.isEmpty() && config.isEmpty()) {
            return results.error("Unknown server: " + name);
        }
        List<String> tail = upstream.map(Upstream::stderrTail).orElse(List.of());
        List<String> shown = tail.subList(Math.max(0, tail.size() - wanted), tail.size());
        ObjectNode result = mapper.createObjectNode();
        result.put("name", name);
        ArrayNode lines = result.putArray("lines");
        config.map(KnownValueRedactor::of).map(r -> r.redact(shown)).orElse(shown).forEach(lines::add);
        return results.structured(result);
    }

    private ObjectNode sessions() {
        ObjectNode result = mapper.createObjectNode();
        ArrayNode sessions = result.putArray("sessions");
        for (SessionSummary s : directory.sessions()) {
            ObjectNode entry = sessions.addObject();
            entry.put("id", s.idPrefix() + "…");
            entry.put("endpoint", s.endpoint());
            entry.put("protocolVersion", s.protocolVersion());
            entry.put("client", s.clientName() + (s.clientVersion().isEmpty() ? "" : " " + s.clientVersion()));
            entry.put("created", s.created().toString());
            entry.put("lastActive", s.lastActive().toString());
            entry.put("inFlight", s.inFlight());
        }
        return results.structured(result);
    }
}
