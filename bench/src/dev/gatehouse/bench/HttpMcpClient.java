package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One Streamable HTTP (2025-11-25) session: {@code initialize}, {@code notifications/initialized}, then
 * {@code tools/call} on demand. Every message is its own POST; answers may come as {@code application/json}
 * or as a {@code text/event-stream} whose events are scanned for the answer with the request's id. The session
 * id and negotiated protocol version are echoed on every later request. Used by one worker thread at a time;
 * the {@link HttpClient} (and its connection pool) is shared by all sessions of a run.
 */
final class HttpMcpClient implements McpSession {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final HttpClient http;
    private final URI endpoint;
    private final ToolCall call;
    private final Duration timeout;
    private long nextId = 1;
    private String sessionId;
    private String protocolVersion;

    private HttpMcpClient(HttpClient http, URI endpoint, ToolCall call, Duration timeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.call = call;
        this.timeout = timeout;
    }

    /** An HTTP/1.1 client that never uses a proxy or follows redirects: the benchmark talks to loopback. */
    static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** Opens a session: the handshake runs before this returns. */
    static HttpMcpClient open(HttpClient http, URI endpoint, ToolCall call, Duration timeout)
            throws IOException, InterruptedException {
        var client = new HttpMcpClient(http, endpoint, call, timeout);
        client.initialize();
        return client;
    }

    private void initialize() throws IOException, InterruptedException {
        sessionId = null;
        protocolVersion = null;
        long id = nextId++;
        try (var response = post(Handshake.initializeRequest(id))) {
            sessionId = response.headers.firstValue("Mcp-Session-Id").orElse(null);
            protocolVersion = Handshake.negotiatedVersion(response.answer(id), id);
        }
        HttpResponse<Void> accepted = http.send(request().POST(HttpRequest.BodyPublishers.ofString(
                Handshake.INITIALIZED)).build(), HttpResponse.BodyHandlers.discarding());
        if (accepted.statusCode() / 100 != 2) {
            throw new IOException("notifications/initialized got HTTP " + accepted.statusCode() + " from "
                    + endpoint + " (expected 202)");
        }
    }

    @Override
    public void callTool() throws IOException, InterruptedException {
        long id = nextId++;
        try (var response = post(call.request(id))) {
            ToolCall.checkAnswer(response.answer(id), id);
        } catch (StatusException e) {
            String expired = sessionId;
            if (e.status == 404 && expired != null) {
                initialize(); // the session was terminated; the next call uses a fresh one
                throw new IOException("session " + expired + " expired (HTTP 404); re-initialized", e);
            }
            throw e;
        }
    }

    private HttpRequest.Builder request() {
        var builder = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT);
        if (sessionId != null) {
            builder.header("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            builder.header("MCP-Protocol-Version", protocolVersion);
        }
        return builder;
    }

    private Response post(String json) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                request().POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        if (response.statusCode() != 200) {
            String text;
            try (body) {
                text = new String(body.readNBytes(300), StandardCharsets.UTF_8);
            }
            throw new StatusException(response.statusCode(), "HTTP " + response.statusCode() + " from " + endpoint
                    + (sessionId == null ? "" : " (session " + sessionId + ")") + ": " + text);
        }
        return new Response(response.headers(), body);
    }

    @Override
    public void close() {
        if (sessionId == null) {
            return;
        }
        try {
            // Ending the session politely; a server may answer 405, and a failure here changes no result.
            http.send(request().DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the run is over; nothing to report about a failed goodbye
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A 200 answer whose body is still unread; closing it releases (or, mid-stream, drops) the connection. */
    private record Response(HttpHeaders headers, InputStream body) implements AutoCloseable {

        String answer(long id) throws IOException {
            String type = headers.firstValue("Content-Type").orElse("");
            int semicolon = type.indexOf(';');
            String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            switch (mediaType) {
                case "application/json" -> {
                    return new String(body.readAllBytes(), StandardCharsets.UTF_8);
                }
                case "text/event-stream" -> {
                    var events = new SseEventReader(new BufferedReader(
                            new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16));
                    String wanted = Long.toString(id);
                    String data;
                    while ((data = events.nextData()) != null) {
                        try {
                            if (wanted.equals(JsonText.member(data, "id")) && JsonText.member(data, "method") == null) {
                                drain(events);
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

        /**
         * Reads on to the end of the stream, which the server should close after the answer. Closing it early
         * instead would make the client drop the connection whenever the final chunk had not arrived yet, and
         * the benchmark would measure reconnects. A server that keeps the stream open leaves the worker stuck,
         * which the run reports as an error.
         */
        private static void drain(SseEventReader events) throws IOException {
            while (events.nextData() != null) {
                // nothing after the answer concerns this call
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
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
