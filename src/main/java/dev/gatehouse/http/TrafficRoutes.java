package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.TrafficResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/traffic}: {@code GET} searches (filters as query parameters), {@code DELETE} clears;
 * {@code GET /api/traffic/ID} shows one exchange, {@code /stats} summarises, {@code /export} streams NDJSON and
 * {@code /follow} streams new exchanges as Server-Sent Events (each event's id is the exchange id, so a client
 * that reconnects with {@code Last-Event-ID} misses nothing still recorded); {@code /sessions},
 * {@code /notifications} and {@code /events} (servers' lifecycle) list what the capture keeps beside exchanges.
 */
final class TrafficRoutes {

    static final String NDJSON = "application/x-ndjson";

    private final TrafficResource traffic;
    private final JsonMapper mapper;

    TrafficRoutes(TrafficResource traffic, JsonMapper mapper) {
        this.traffic = traffic;
        this.mapper = mapper;
    }

    /** The answer to write as JSON, or null when the answer was written (streamed) here. */
    Object route(Request request, Response response, String method, String path, List<String> parts)
            throws IOException {
        Map<String, String> parameters = parameters(request);
        if (parts.size() == 1) {
            return switch (method) {
                case "GET" -> traffic.search(parameters);
                case "DELETE" -> traffic.clear(parameters);
                default -> throw AdminProblem.methodNotAllowed(method, path);
            };
        }
        if (parts.size() != 2) {
            throw AdminProblem.notFound(path);
        }
        if (!method.equals("GET")) {
            throw AdminProblem.methodNotAllowed(method, path);
        }
        return switch (parts.get(1)) {
            case "stats" -> traffic.stats(parameters);
            case "sessions" -> traffic.sessions(parameters);
            case "notifications" -> traffic.notifications(parameters);
            case "events" -> traffic.upstreamEvents(parameters);
            case "export" -> {
                traffic.export(parameters, () -> {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, NDJSON);
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                    return Content.Sink.asOutputStream(response);
                });
                yield null;
            }
            case "follow" -> {
                follow(request, response, parameters);
                yield null;
            }
            default -> traffic.exchange(parts.get(1));
        };
    }

    private void follow(Request request, Response response, Map<String, String> parameters) throws IOException {
        SseWriter sse = new SseWriter(response);
        traffic.follow(parameters, request.getHeaders().get("Last-Event-ID"), () -> {
            SseWriter.prepare(response);
            sse.comment("following");
            return exchanges -> send(sse, exchanges);
        });
        try {
            sse.end();
        } catch (IOException clientGone) {
            // The stream ended because the client went away; there is no one left to tell.
        }
    }

    private boolean send(SseWriter sse, List<ObjectNode> exchanges) {
        try {
            if (exchanges.isEmpty()) {
                sse.comment("keepalive");
            }
            for (ObjectNode exchange : exchanges) {
                sse.event(exchange.path("id").asString(), mapper.writeValueAsString(exchange)
                        .getBytes(StandardCharsets.UTF_8));
            }
            return true;
        } catch (IOException clientGone) {
            return false;
        }
    }

    /** The query parameters, each by its first value. */
    private static Map<String, String> parameters(Request request) {
        Fields fields = Request.extractQueryParameters(request);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            parameters.putIfAbsent(field.getName(), field.getValue());
        }
        return parameters;
    }
}
