package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal legacy-era Streamable HTTP client built on {@link RawHttp}, for tests that need to see the wire:
 * status codes, headers, SSE framing. It initializes a session and then posts messages with its id.
 */
public final class McpSessionClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RawHttp http;
    private final int port;
    private final String path;
    private String sessionId;

    public McpSessionClient(int port, String path) {
        this.http = new RawHttp(port);
        this.port = port;
        this.path = path;
    }

    /**
     * POSTs {@code json} on the session over a socket of its own and hands back the reply, head and body, line by
     * line as it streams, for tests that act while the answer is still coming. Closing the reader closes the
     * socket; a read waits at most 20 s.
     */
    public BufferedReader postStreaming(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + "application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: "
                + "2025-11-25\r\nMcp-Session-Id: " + sessionId + "\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    public RawHttp.Reply initialize() throws IOException {
        return initialize("{\"sampling\":{},\"elicitation\":{},\"roots\":{\"listChanged\":true}}");
    }

    /** {@code initialize} declaring {@code capabilities} (a JSON object). */
    public RawHttp.Reply initialize(String capabilities) throws IOException {
        RawHttp.Reply reply = http.postJson(path, """
                {"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":%s,
                 "clientInfo":{"name":"gatehouse-tests","version":"1"}}}""".formatted(capabilities), List.of());
        sessionId = reply.header("Mcp-Session-Id");
        if (sessionId != null) {
            post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }
        return reply;
    }

    public String sessionId() {
        return sessionId;
    }

    public RawHttp.Reply post(String json, String... extraHeaders) throws IOException {
        List<String> headers = new ArrayList<>(List.of("Mcp-Session-Id: " + sessionId,
                "MCP-Protocol-Version: 2025-11-25"));
        headers.addAll(List.of(extraHeaders));
        return http.postJson(path, json, headers);
    }

    public RawHttp.Reply delete() throws IOException {
        return http.send("DELETE", path, List.of("Host: 127.0.0.1", "Mcp-Session-Id: " + sessionId), null);
    }

    /** The JSON-RPC messages of a reply, whether it came as plain JSON or as SSE events. */
    public static List<JsonNode> messages(RawHttp.Reply reply) {
        List<JsonNode> messages = new ArrayList<>();
        String type = reply.header("Content-Type");
        if (type != null && type.startsWith("text/event-stream")) {
            for (String line : reply.body().split("\n")) {
                if (line.startsWith("data:")) {
                    messages.add(JSON.readTree(line.substring(5).strip()));
                }
            }
        } else if (!reply.body().isBlank()) {
            messages.add(JSON.readTree(reply.body()));
        }
        return messages;
    }

    /** The last message of a reply: the response, after any related messages. */
    public static JsonNode response(RawHttp.Reply reply) {
        List<JsonNode> messages = messages(reply);
        return messages.getLast();
    }
}
