package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal MCP 2026-07-28 ("modern") client over Streamable HTTP, written from the specification: each request
 * carries its protocol version and capabilities in {@code _meta} and repeats method and name in headers; the answer
 * is read from JSON or from the request's event stream. It does nothing else on its own, so tests see exactly what
 * the server sends (an {@code input_required} result is returned, not answered).
 */
public final class ModernClient implements AutoCloseable {

    public static final String VERSION = "2026-07-28";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final ObjectNode capabilities;
    private final AtomicLong ids = new AtomicLong();

    /** {@code capabilities}: the client capabilities JSON declared on every request, e.g. {@code {"sampling":{}}}. */
    public ModernClient(URI endpoint, String capabilities) {
        this.endpoint = endpoint;
        this.capabilities = (ObjectNode) JSON.readTree(capabilities);
    }

    public static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }

    /** Sends one request and returns the JSON-RPC response object (with {@code result} or {@code error}). */
    public JsonNode request(String method, ObjectNode params, String... extraHeaders) throws IOException {
        List<JsonNode> messages = exchange(method, params, extraHeaders);
        JsonNode last = messages.isEmpty() ? null : messages.getLast();
        if (last == null || !(last.has("result") || last.has("error"))) {
            throw new IOException("the event stream ended without an answer to " + method);
        }
        return last;
    }

    /** Every message the request's answer carried: related notifications, then the response. */
    public List<JsonNode> exchange(String method, ObjectNode params, String... extraHeaders) throws IOException {
        HttpResponse<InputStream> reply = post(method, params, extraHeaders);
        try (InputStream body = reply.body()) {
            String type = reply.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                return List.of(JSON.readTree(body.readAllBytes()));
            }
            return events(body, Integer.MAX_VALUE);
        }
    }

    /** The result of a request that must succeed. */
    public JsonNode result(String method, ObjectNode params) throws IOException {
        JsonNode response = request(method, params);
        if (!response.has("result")) {
            throw new AssertionError(method + " failed: " + response);
        }
        return response.get("result");
    }

    /** POSTs a request and hands back the open response, for streams the test reads itself. */
    public HttpResponse<InputStream> post(String method, ObjectNode params, String... extraHeaders)
            throws IOException {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        ObjectNode stamped = params == null ? JSON.createObjectNode() : params.deepCopy();
        ObjectNode meta = stamped.get("_meta") instanceof ObjectNode m ? m : stamped.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        if (!meta.has("io.modelcontextprotocol/clientCapabilities")) {
            meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
        }
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "modern-test-client").put("version", "1");
        body.set("params", stamped);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION).header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        String name = stamped.path(method.equals("resources/read") ? "uri" : "name").asString(null);
        if (name != null && List.of("tools/call", "prompts/get", "resources/read").contains(method)) {
            request.header("Mcp-Name", name);
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            request.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Reads up to {@code count} SSE {@code data} messages from an event stream. */
    public static List<JsonNode> events(InputStream body, int count) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        eventsUntil(body, message -> messages.size() >= count - 1, messages);
        return messages;
    }

    /**
     * Reads SSE {@code data} messages from an event stream into {@code into} up to the first that {@code last}
     * accepts; false if the stream ended before one did.
     */
    public static boolean eventsUntil(InputStream body, Predicate<JsonNode> last, List<JsonNode> into)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty() && !data.isEmpty()) {
                JsonNode message = JSON.readTree(data.toString());
                data.setLength(0);
                boolean done = last.test(message);
                into.add(message);
                if (done) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        http.close();
    }
}
