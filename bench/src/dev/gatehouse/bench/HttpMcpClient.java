package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One Streamable HTTP (2025-11-25) session on its own keep-alive connection: {@code initialize},
 * {@code notifications/initialized}, then {@code tools/call} on demand, and {@code DELETE} at the end. Every
 * message is its own POST; answers may come as {@code application/json} or as a {@code text/event-stream} whose
 * events are scanned for the answer with the request's id. The session id and negotiated protocol version are
 * echoed on every later request. Used by one worker thread at a time.
 */
final class HttpMcpClient implements McpSession {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final HttpConnection connection;
    private final String target;
    private final ToolCall call;
    private long nextId = 1;
    private String sessionId;
    private String protocolVersion;

    private HttpMcpClient(HttpConnection connection, String target, ToolCall call) {
        this.connection = connection;
        this.target = target;
        this.call = call;
    }

    /** Opens a connection and a session: the handshake runs before this returns. */
    static HttpMcpClient open(URI endpoint, ToolCall call, Duration timeout) throws IOException {
        String target = endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        if (endpoint.getRawQuery() != null) {
            target += "?" + endpoint.getRawQuery();
        }
        var client = new HttpMcpClient(new HttpConnection(endpoint, timeout), target, call);
        try {
            client.initialize();
        } catch (IOException | RuntimeException e) {
            client.connection.close();
            throw e;
        }
        return client;
    }

    private void initialize() throws IOException {
        sessionId = null;
        protocolVersion = null;
        long id = nextId++;
        HttpConnection.Reply reply = post(Handshake.initializeRequest(id));
        sessionId = reply.header("Mcp-Session-Id");
        protocolVersion = Handshake.negotiatedVersion(answer(reply, id), id);
        HttpConnection.Reply accepted = connection.send("POST", target, headers(),
                Handshake.INITIALIZED.getBytes(StandardCharsets.UTF_8));
        accepted.body().discard();
        if (accepted.status() / 100 != 2) {
            throw new IOException("notifications/initialized got HTTP " + accepted.status() + " from " + target
                    + " (expected 202)");
        }
    }

    @Override
    public void callTool() throws IOException {
        long id = nextId++;
        try {
            ToolCall.checkAnswer(answer(post(call.request(id)), id), id);
        } catch (StatusException e) {
            String expired = sessionId;
            if (e.status == 404 && expired != null) {
                initialize(); // the session was terminated; the next call uses a fresh one
                throw new IOException("session " + expired + " expired (HTTP 404); re-initialized", e);
            }
            throw e;
        }
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", ACCEPT);
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            headers.put("MCP-Protocol-Version", protocolVersion);
        }
        return headers;
    }

    /** POSTs one JSON-RPC message; a status other than 200 fails with the start of the body. */
    private HttpConnection.Reply post(String json) throws IOException {
        HttpConnection.Reply reply = connection.send("POST", target, headers(), json.getBytes(StandardCharsets.UTF_8));
        if (reply.status() != 200) {
            throw new StatusException(reply.status(), "HTTP " + reply.status() + " from " + target
                    + (sessionId == null ? "" : " (session " + sessionId + ")") + ": " + reply.excerpt(300));
        }
        return reply;
    }

    /**
     * The answer to request {@code id} from a 200 reply. An event stream is read on to its end after the answer,
     * which the server should close the stream after, so that the connection is free for the next call; a server
     * that keeps the stream open leaves the worker stuck, which the run reports as an error.
     */
    private static String answer(HttpConnection.Reply reply, long id) throws IOException {
        String type = reply.header("Content-Type");
        type = type == null ? "" : type;
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        switch (mediaType) {
            case "application/json" -> {
                return new String(reply.body().readAllBytes(), StandardCharsets.UTF_8);
            }
            case "text/event-stream" -> {
                var events = new SseEventReader(new BufferedReader(
                        new InputStreamReader(reply.body(), StandardCharsets.UTF_8), 1 << 16));
                String wanted = Long.toString(id);
                String data;
                while ((data = events.nextData()) != null) {
                    try {
                        if (wanted.equals(JsonText.member(data, "id")) && JsonText.member(data, "method") == null) {
                            reply.body().discard();
                            return data;
                        }
                    } catch (IllegalArgumentException e) {
                        throw new IOException("malformed event data for request " + id + ": " + e.getMessage(), e);
                    }
                }
                throw new IOException("event stream ended without the answer to request " + id);
            }
            default -> throw new IOException("unexpected Content-Type '" + type + "' for request " + id);
        }
    }

    @Override
    public void close() {
        try {
            if (sessionId != null) {
                // Ending the session politely; a server may answer 405, and a failure here changes no result.
                connection.send("DELETE", target, headers(), null).body().discard();
            }
        } catch (IOException e) {
            // the run is over; nothing to report about a failed goodbye
        } finally {
            connection.close();
        }
    }

    /** A non-200 answer to a POST. */
    private static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        StatusException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
