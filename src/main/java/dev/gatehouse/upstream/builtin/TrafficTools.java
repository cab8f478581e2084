package dev.gatehouse.upstream.builtin;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficJson;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in tools that let an agent debug its own calls from the traffic capture: search, one exchange in
 * full, and latency statistics. They read through {@link TrafficLog} only, whose contents were redacted before
 * they were written; bodies are returned as recorded. A bad argument is a tool error the agent can correct.
 */
final class TrafficTools {

    static final String SEARCH = "search_traffic";
    static final String GET = "get_exchange";
    static final String STATS = "traffic_stats";
    private static final int MAX_RESULTS = 200;
    private static final int DEFAULT_RESULTS = 20;

    private final JsonMapper mapper;
    private final TrafficLog log;
    private final InstantSource clock;

    /** {@code log} is null when the gateway records no traffic; the tools then say so. */
    TrafficTools(JsonMapper mapper, TrafficLog log, InstantSource clock) {
        this.mapper = mapper;
        this.log = log;
        this.clock = clock;
    }

    boolean has(String name) {
        return name.equals(SEARCH) || name.equals(GET) || name.equals(STATS);
    }

    void define(ArrayNode tools) {
        ObjectNode search = tool(tools, SEARCH, "Search traffic", "Lists recorded exchanges between clients and "
                + "servers, newest first, with method, tool, duration, size and outcome. Secrets were redacted "
                + "before recording.");
        ObjectNode properties = schema(search);
        property(properties, "server", "string", "only this server");
        property(properties, "method", "string", "only this JSON-RPC method, e.g. tools/call");
        property(properties, "tool", "string", "only this tool, prompt or resource (name or server__name)");
        property(properties, "session", "string", "only this session handle");
        property(properties, "since", "string", "only since then: 15m, 1h, 2d, a date or an ISO instant");
        property(properties, "errors", "boolean", "only failed exchanges");
        property(properties, "grep", "string", "only exchanges whose method, tool, error or bodies contain this");
        property(properties, "limit", "integer", "at most this many (1 to " + MAX_RESULTS + ", default "
                + DEFAULT_RESULTS + ")");
        ObjectNode get = tool(tools, GET, "Get exchange", "Shows one recorded exchange: its request and response "
                + "bodies and request headers, as recorded (redacted).");
        property(schema(get), "id", "integer", "the exchange id from search_traffic");
        ((ObjectNode) get.get("inputSchema")).putArray("required").add("id");
        ObjectNode stats = tool(tools, STATS, "Traffic statistics", "Calls, errors and p50/p99 latency per server "
                + "and tool over a recent window.");
        ObjectNode statsProperties = schema(stats);
        property(statsProperties, "since", "string", "window start: 15m, 1h (default), 2d, a date or an instant");
        property(statsProperties, "server", "string", "only this server");
    }

    /** Runs a tool {@link #has known} to exist; returns a CallToolResult. */
    ObjectNode call(String name, ObjectNode arguments, Results results) {
        if (log == null) {
            return results.error("Traffic capture is not enabled on this gateway.");
        }
        try {
            return switch (name) {
                case SEARCH -> results.structured(search(arguments));
                case GET -> exchange(arguments, results);
                default -> results.structured(stats(arguments));
            };
        } catch (IllegalArgumentException e) {
            return results.error(e.getMessage());
        }
    }

    /** How the built-in server shapes tool results, shared by its tools. */
    interface Results {
        ObjectNode structured(ObjectNode content);

        ObjectNode error(String message);
    }

    private ObjectNode search(ObjectNode arguments) {
        Instant now = clock.instant();
        int limit = arguments.has("limit") ? arguments.path("limit").asInt(-1) : DEFAULT_RESULTS;
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_RESULTS);
        }
        TrafficQuery query = TrafficQuery.latest()
                .withServer(text(arguments, "server"))
                .withMethod(text(arguments, "method"))
                .withTool(text(arguments, "tool"))
                .withSession(text(arguments, "session"))
                .withSince(Optional.ofNullable(text(arguments, "since")).map(t -> TrafficQuery.parseTime(t, now))
                        .orElse(null))
                .withErrorsOnly(arguments.path("errors").asBoolean(false))
                .withGrep(text(arguments, "grep"))
                .withLimit(limit);
        List<ExchangeSummary> found = log.search(query);
        ObjectNode result = mapper.createObjectNode();
        ArrayNode exchanges = result.putArray("exchanges");
        found.forEach(summary -> TrafficJson.summary(exchanges.addObject(), summary));
        result.put("count", found.size());
        return result;
    }

    private ObjectNode exchange(ObjectNode arguments, Results results) {
        JsonNode id = arguments.get("id");
        if (id == null || !id.canConvertToLong()) {
            return results.error("id must be an integer: the exchange id from " + SEARCH);
        }
        Optional<ExchangeDetail> found = log.exchange(id.asLong());
        if (found.isEmpty()) {
            return results.error("No recorded exchange has id " + id.asLong()
                    + " (it may have been deleted by retention)");
        }
        return results.structured(TrafficJson.detail(mapper, found.get()));
    }

    private ObjectNode stats(ObjectNode arguments) {
        Instant now = clock.instant();
        Instant since = TrafficQuery.parseTime(Optional.ofNullable(text(arguments, "since")).orElse("1h"), now);
        return TrafficJson.stats(mapper, log.stats(since, text(arguments, "server")));
    }

    private static String text(ObjectNode arguments, String name) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return value.stringValue().isBlank() ? null : value.stringValue();
    }

    private ObjectNode tool(ArrayNode tools, String name, String title, String description) {
        ObjectNode tool = tools.addObject();
        tool.put("name", name);
        tool.put("title", title);
        tool.put("description", description);
        tool.putObject("inputSchema").put("type", "object");
        tool.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
        return tool;
    }

    private static ObjectNode schema(ObjectNode tool) {
        return ((ObjectNode) tool.get("inputSchema")).putObject("properties");
    }

    private static void property(ObjectNode properties, String name, String type, String description) {
        properties.putObject(name).put("type", type).put("description", description);
    }
}
