package dev.gatehouse.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * A Streamable HTTP MCP server on loopback with one tool, {@code echo} (answers {@code echoed}), that records the
 * headers of every request it receives and adds {@code responseHeaders} to every answer, for tests of what crosses
 * the gateway on the remote path.
 */
public final class RecordingMcpServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Server server = new Server();
    private final List<String> headerLines = new CopyOnWriteArrayList<>();
    private final int port;

    public RecordingMcpServer(Map<String, String> responseHeaders) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                for (HttpField field : request.getHeaders()) {
                    headerLines.add(field.getName() + ": " + field.getValue());
                }
                responseHeaders.forEach(response.getHeaders()::add);
                String text = Content.Source.asString(request, StandardCharsets.UTF_8);
                JsonNode message = text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
                String result = switch (message.path("method").asString("")) {
                    case "initialize" -> "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                            + "\"serverInfo\":{\"name\":\"recorder\",\"version\":\"1\"}}";
                    case "tools/list" -> "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}]}";
                    case "tools/call" -> "{\"content\":[{\"type\":\"text\",\"text\":\"echoed\"}]}";
                    default -> null;
                };
                if (result == null || !message.has("id")) {
                    response.setStatus(request.getMethod().equals("POST") ? 202 : 405);
                    callback.succeeded();
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json");
                String body = "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":" + result + "}";
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        this.port = connector.getLocalPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    /** Every header of every request received so far, as "Name: value" lines. */
    public List<String> headerLines() {
        return List.copyOf(headerLines);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
