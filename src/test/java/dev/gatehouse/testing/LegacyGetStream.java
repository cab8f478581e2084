package dev.gatehouse.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A legacy session's GET stream on a gateway endpoint, its lines collected as they arrive; closed with the test. */
public final class LegacyGetStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final List<String> lines;

    private LegacyGetStream(HttpClient http, List<String> lines) {
        this.http = http;
        this.lines = lines;
    }

    public static LegacyGetStream open(int port, String path, String sessionId) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", "text/event-stream").header("Mcp-Session-Id", sessionId)
                        .header("MCP-Protocol-Version", "2025-11-25").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(lines::add));
        return new LegacyGetStream(http, lines);
    }

    /** Every line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Whether a line from index {@code from} on contains every fragment. */
    public boolean sawAfter(int from, String... fragments) {
        return lines.subList(from, lines.size()).stream()
                .anyMatch(line -> Arrays.stream(fragments).allMatch(line::contains));
    }

    public boolean saw(String... fragments) {
        return sawAfter(0, fragments);
    }

    /** The JSON-RPC messages of the {@code data} lines so far. */
    public List<JsonNode> messages() {
        return lines.stream().filter(line -> line.startsWith("data:") && line.length() > 6)
                .map(line -> JSON.readTree(line.substring(5).strip())).toList();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
