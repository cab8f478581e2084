package dev.gatehouse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON shape of recorded traffic, shared by the management API, the built-in MCP tools and JSONL export,
 * so a script written against one reads the others. Times are ISO-8601 instants, durations microseconds.
 */
public final class TrafficJson {

    private TrafficJson() {
    }

    /** Writes the summary's fields into {@code entry}. */
    public static ObjectNode summary(ObjectNode entry, ExchangeSummary s) {
        entry.put("id", s.id());
        entry.put("startedAt", s.startedAt().toString());
        nullable(entry, "session", s.session());
        entry.put("server", s.server());
        entry.put("direction", s.direction());
        entry.put("method", s.method());
        nullable(entry, "rpcId", s.rpcId());
        nullable(entry, "tool", s.target());
        entry.put("durationMicros", s.durationMicros());
        entry.put("requestBytes", s.requestBytes());
        entry.put("responseBytes", s.responseBytes());
        entry.put("outcome", s.outcome());
        nullable(entry, "errorCode", s.errorCode());
        nullable(entry, "errorMessage", s.errorMessage());
        nullable(entry, "httpStatus", s.httpStatus());
        entry.put("capture", s.capture());
        return entry;
    }

    /**
     * The summary plus request headers, request, response headers and response as JSON (a body as text if cut),
     * and {@code truncated}.
     */
    public static ObjectNode detail(JsonMapper mapper, ExchangeDetail detail) {
        ObjectNode entry = summary(mapper.createObjectNode(), detail.summary());
        entry.set("requestHeaders", parsed(mapper, detail.requestHeaders()));
        entry.set("request", parsed(mapper, detail.requestBody()));
        entry.set("responseHeaders", parsed(mapper, detail.responseHeaders()));
        entry.set("response", parsed(mapper, detail.responseBody()));
        entry.put("truncated", detail.truncated());
        return entry;
    }

    public static ObjectNode stats(JsonMapper mapper, TrafficStats stats) {
        ObjectNode result = mapper.createObjectNode();
        result.put("since", stats.since().toString());
        var rows = result.putArray("rows");
        for (TrafficStats.Row row : stats.rows()) {
            ObjectNode entry = rows.addObject();
            entry.put("server", row.server());
            nullable(entry, "tool", row.target());
            entry.put("calls", row.calls());
            entry.put("errors", row.errors());
            entry.put("p50Micros", row.p50Micros());
            entry.put("p99Micros", row.p99Micros());
        }
        return result;
    }

    /** Recorded JSON as a tree; a body cut at the capture's limit is no longer JSON and stays text. */
    public static JsonNode parsed(JsonMapper mapper, String text) {
        if (text == null) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            return mapper.getNodeFactory().stringNode(text);
        }
    }

    private static void nullable(ObjectNode entry, String name, Object value) {
        switch (value) {
            case null -> entry.putNull(name);
            case Integer number -> entry.put(name, number);
            default -> entry.put(name, value.toString());
        }
    }
}
