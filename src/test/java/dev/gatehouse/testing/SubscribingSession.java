package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * A legacy (2025-11-25) session with its GET stream open, collecting the {@code notifications/resources/updated}
 * it receives. The GET is written on a raw socket: the JDK client offers h2c on a GET and holds back the events.
 */
public final class SubscribingSession implements AutoCloseable {

    private final McpSessionClient session;
    private final List<JsonNode> updates = new CopyOnWriteArrayList<>();
    private final Socket socket;

    public SubscribingSession(int port, String endpoint) throws IOException {
        session = new McpSessionClient(port, endpoint);
        session.initialize();
        socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(("GET " + endpoint + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\nMCP-Protocol-Version: 2025-11-25\r\nMcp-Session-Id: "
                + session.sessionId() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader events = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
        Thread.ofVirtual().name("subscribing-session-" + session.sessionId()).start(() -> {
            try {
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    if (line.startsWith("data: ") && line.contains("notifications/resources/updated")) {
                        updates.add(ModernClient.json(line.substring(6)));
                    }
                }
            } catch (IOException closed) {
                // the stream ends when the test closes the socket
            }
        });
    }

    public McpSessionClient session() {
        return session;
    }

    /** The updates received so far, in order. */
    public List<JsonNode> updates() {
        return List.copyOf(updates);
    }

    /** The URIs of the updates received so far, in order. */
    public List<String> updatedUris() {
        return updates.stream().map(u -> u.path("params").path("uri").asString()).toList();
    }

    public void subscribe(String uri) throws IOException {
        rpc("resources/subscribe", uri);
    }

    public void unsubscribe(String uri) throws IOException {
        rpc("resources/unsubscribe", uri);
    }

    /** {@code tools/call} of {@code tool} with {@code arguments} (a JSON object); returns the response. */
    public JsonNode call(String tool, String arguments) throws IOException {
        return McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":\"call-" + tool
                + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments
                + "}}"));
    }

    private void rpc(String method, String uri) throws IOException {
        JsonNode answer = McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":\"" + method + uri
                + "\",\"method\":\"" + method + "\",\"params\":{\"uri\":\"" + uri + "\"}}"));
        if (!answer.has("result")) {
            throw new AssertionError(method + " " + uri + " failed: " + answer);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        session.delete();
    }
}
