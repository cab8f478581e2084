package dev.gatehouse.upstream.http;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP server on loopback whose every answer a test scripts, for failure injection: drop a stream mid-answer,
 * forget a session, stall, send garbage. Records every request it receives. Stopping it releases stalled handlers.
 */
final class FakeMcpServer implements AutoCloseable {

    /** What the server does with one HTTP request. */
    @FunctionalInterface
    interface Script {
        void answer(Exchange exchange) throws IOException;
    }

    /** One request as received, headers lower-cased; {@code query} is raw (still percent-encoded), or null. */
    record Received(String httpMethod, String path, String query, Map<String, String> headers, JsonNode body) {
        String rpcMethod() {
            return body == null ? null : body.path("method").asString(null);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Server server = new Server();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final int port;

    FakeMcpServer(Script script) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    Exchange exchange = new Exchange(record(request), response);
                    script.answer(exchange);
                    exchange.finish();
                    callback.succeeded();
                } catch (IOException | RuntimeException e) {
                    callback.failed(e);
                }
                return true;
            }
        });
        server.start();
        this.port = connector.getLocalPort();
    }

    private Received record(Request request) throws IOException {
        connections.add(request.getConnectionMetaData().getId());
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.put(field.getLowerCaseName(), field.getValue());
        }
        String text = Content.Source.asString(request, StandardCharsets.UTF_8);
        JsonNode body = text == null || text.isBlank() ? null : JSON.readTree(text);
        Received one = new Received(request.getMethod(), Request.getPathInContext(request),
                request.getHttpURI().getQuery(), headers, body);
        received.add(one);
        return one;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** How many connections the requests so far came on. */
    int connections() {
        return connections.size();
    }

    List<Received> received(String rpcMethod) {
        return received.stream().filter(r -> rpcMethod.equals(r.rpcMethod())).toList();
    }

    @Override
    public void close() throws Exception {
        stopping.countDown();
        server.stop();
    }

    /** The answer being written for one request. */
    final class Exchange {
        private final Received request;
        private final Response response;
        private boolean ended;

        private Exchange(Received request, Response response) {
            this.request = request;
            this.response = response;
        }

        Received request() {
            return request;
        }

        /** The JSON-RPC id of the request, as JSON text ("7"), for building answers. */
        String id() {
            return request.body() == null ? "null" : request.body().path("id").toString();
        }

        Exchange header(String name, String value) {
            response.getHeaders().put(name, value);
            return this;
        }

        void status(int status) throws IOException {
            response.setStatus(status);
            end();
        }

        void body(int status, String contentType, String body) throws IOException {
            response.setStatus(status);
            if (contentType != null) {
                response.getHeaders().put("Content-Type", contentType);
            }
            write(body, true);
        }

        void json(int status, String body) throws IOException {
            body(status, "application/json", body);
        }

        /** A JSON-RPC result for this request. */
        void result(String resultJson) throws IOException {
            json(200, "{\"jsonrpc\":\"2.0\",\"id\":" + id() + ",\"result\":" + resultJson + "}");
        }

        void startEvents() throws IOException {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/event-stream");
            write("", false);
        }

        void event(String id, Long retryMillis, String data) throws IOException {
            event(null, id, retryMillis, data);
        }

        void event(String type, String id, Long retryMillis, String data) throws IOException {
            StringBuilder event = new StringBuilder();
            if (type != null) {
                event.append("event: ").append(type).append('\n');
            }
            if (id != null) {
                event.append("id: ").append(id).append('\n');
            }
            if (retryMillis != null) {
                event.append("retry: ").append(retryMillis).append('\n');
            }
            event.append("data: ").append(data).append("\n\n");
            write(event.toString(), false);
        }

        /** Writes a comment every {@code every} until the client has gone (true) or the server stops (false). */
        boolean writeUntilClientLeaves(Duration every) {
            while (stopping.getCount() > 0) {
                try {
                    write(": still here\n\n", false);
                    if (stopping.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (IOException e) {
                    ended = true;
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        /** Holds the exchange open without writing, until the server stops or {@code at most} passes. */
        void stall(Duration atMost) throws IOException {
            try {
                stopping.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void end() throws IOException {
            if (!ended) {
                ended = true;
                Content.Sink.write(response, true, ByteBuffer.allocate(0));
            }
        }

        private void write(String text, boolean last) throws IOException {
            Content.Sink.write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ended = last;
        }

        private void finish() throws IOException {
            end();
        }
    }

    /** The usual answers of a legacy server with session {@code sessionId}, for the requests a test leaves alone. */
    static void legacy(Exchange exchange, String sessionId) throws IOException {
        Received request = exchange.request();
        switch (request.httpMethod()) {
            case "GET" -> exchange.status(405);
            case "DELETE" -> exchange.status(200);
            default -> {
                String method = request.rpcMethod();
                if ("initialize".equals(method)) {
                    exchange.header("Mcp-Session-Id", sessionId).result("{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}");
                } else if (method == null || !request.body().has("id")) {
                    exchange.status(202);
                } else if ("server/discover".equals(method)) {
                    exchange.json(400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,"
                            + "\"message\":\"Bad Request: Server not initialized\"}}");
                } else {
                    exchange.result("{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}");
                }
            }
        }
    }
}
