package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Legacy resumability: every SSE stream of a 2025-11-25 client starts with a priming event (id, the reconnection
 * delay, empty data), events carry ids
 * naming their stream, and a client whose connection dropped mid-call gets the rest of that call, and only that
 * call, by GET with Last-Event-ID.
 */
@Timeout(60)
class ResumabilityTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(EverythingServers.named("alpha"))));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    /** Posts a long call with a progress token, reads its SSE stream until the first progress event, then hangs up. */
    private static List<String> postAndDropAfterFirstProgress(String sessionId) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":71,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"alpha__trigger-long-running-operation\",\"arguments\":{\"duration\":3,\"steps\":3},"
                + "\"_meta\":{\"progressToken\":\"resume-me\"}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nMcp-Session-Id: " + sessionId
                    + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                seen.add(line);
                if (line.contains("notifications/progress")) {
                    return seen;
                }
            }
        }
        throw new IllegalStateException("the call ended before any progress: " + seen);
    }

    @Test
    void resumesADroppedCallStreamWithWhatWasMissedAndTheResponse() throws Exception {
        McpSessionClient session = new McpSessionClient(gateway.port(), "/mcp");
        session.initialize();
        List<String> before = postAndDropAfterFirstProgress(session.sessionId());
        List<String> ids = before.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
        assertThat(ids.getFirst()).matches("r\\d+-0");
        assertThat(before).contains("retry: 1000", "data: ");
        String lastSeen = ids.getLast();
        String stream = lastSeen.substring(0, lastSeen.indexOf('-'));

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Stream<String>> resumed = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", session.sessionId())
                    .header("Last-Event-ID", lastSeen).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> after = resumed.body().toList();
            List<String> afterIds = after.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
            assertThat(afterIds).isNotEmpty().allMatch(id -> id.startsWith(stream + "-"));
            assertThat(afterIds).doesNotContain(lastSeen);
            assertThat(after).anyMatch(l -> l.contains("\"progressToken\":\"resume-me\""));
            assertThat(after.stream().filter(l -> l.startsWith("data: {")).reduce((a, b) -> b).orElseThrow())
                    .contains("\"id\":71").contains("\"result\"");
        }
    }

    @Test
    void clientsOlderThan20251125GetNoPrimingEventAndNoRetryLine() throws Exception {
        RawHttp http = new RawHttp(gateway.port());
        RawHttp.Reply initialized = http.postJson("/mcp", """
                {"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"older","version":"1"}}}""", List.of());
        String sessionId = initialized.header("Mcp-Session-Id");
        http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                List.of("Mcp-Session-Id: " + sessionId, "MCP-Protocol-Version: 2025-06-18"));

        List<String> lines = postAndDropAfterFirstProgress(sessionId);

        assertThat(lines).contains("Content-Type: text/event-stream").noneMatch(l -> l.startsWith("retry:"))
                .doesNotContain("data: ").noneMatch(l -> l.matches("id: r\\d+-0"));
    }

    @Test
    void getStreamsStartWithAPrimingEvent() throws Exception {
        McpSessionClient session = new McpSessionClient(gateway.port(), "/mcp");
        session.initialize();
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Mcp-Session-Id: " + session.sessionId() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = in.readLine()) != null && !line.startsWith("data:"); ) {
                lines.add(line);
            }
            assertThat(lines).anyMatch(l -> l.matches("id: g\\d+-0")).anyMatch(l -> l.startsWith("X-Accel-Buffering"))
                    .contains("retry: 1000");
        }
        session.delete();
    }
}
