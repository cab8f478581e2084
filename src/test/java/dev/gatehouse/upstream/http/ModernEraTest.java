package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.RecordingEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Era detection over HTTP and the modern era's speech: a modern request first, falling back to {@code initialize}
 * on anything but a recognised modern answer; then per-request {@code _meta}, the standard and custom headers, and
 * results passed through as the server wrote them.
 */
@Timeout(60)
class ModernEraTest {

    private static final String DISCOVERED = "{\"resultType\":\"complete\",\"ttlMs\":0,\"cacheScope\":\"private\","
            + "\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}},"
            + "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"modern-fake\",\"version\":\"3\"}}}";
    private static final String TOOLS = "{\"resultType\":\"complete\",\"ttlMs\":0,\"cacheScope\":\"private\","
            + "\"tools\":[{\"name\":\"lookup\",\"inputSchema\":{\"type\":\"object\",\"properties\":{"
            + "\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
            + "\"limit\":{\"type\":\"integer\",\"x-mcp-header\":\"Limit\"},"
            + "\"note\":{\"type\":\"string\"}}}},"
            + "{\"name\":\"broken\",\"inputSchema\":{\"type\":\"object\",\"properties\":{"
            + "\"score\":{\"type\":\"number\",\"x-mcp-header\":\"Score\"}}}}]}";

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    private static StreamableHttpUpstream upstream(FakeMcpServer server) {
        return fixture.upstream(server.url(), ServerConfig.RemoteTransport.AUTO, Duration.ofSeconds(10),
                new RecordingEvents(), fixture.options().withListenStream(true));
    }

    /** A modern server: discover, the two tools above, and an echo of what a call carried. */
    private static void modern(FakeMcpServer.Exchange exchange) throws IOException {
        FakeMcpServer.Received request = exchange.request();
        if (!"POST".equals(request.httpMethod())) {
            exchange.status(405);
            return;
        }
        switch (request.rpcMethod()) {
            case "server/discover" -> exchange.result(DISCOVERED);
            case "tools/list" -> exchange.result(TOOLS);
            default -> exchange.json(404, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id()
                    + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
        }
    }

    @Test
    void detectsTheModernEraAndStampsEveryRequestWithItsMetaAndHeaders() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.result("{\"resultType\":\"complete\",\"content\":[]}");
            } else {
                modern(exchange);
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            assertThat(upstream.handshake().protocolVersion()).isEqualTo("2026-07-28");
            assertThat(upstream.handshake().serverInfo().path("name").asString()).isEqualTo("modern-fake");

            Message.Response tools = RemoteFixture.call(upstream, "tools/list", null);
            assertThat(tools.result().path("tools").values()).extracting(t -> t.path("name").asString())
                    .containsExactly("lookup");
            RemoteFixture.call(upstream, "tools/call", "{\"name\":\"lookup\",\"arguments\":{\"region\":\"Zürich\","
                    + "\"limit\":5,\"note\":\"n\"},\"_meta\":{\"progressToken\":\"p-1\"}}");

            FakeMcpServer.Received call = server.received("tools/call").getFirst();
            assertThat(call.header("MCP-Protocol-Version")).isEqualTo("2026-07-28");
            assertThat(call.header("Mcp-Method")).isEqualTo("tools/call");
            assertThat(call.header("Mcp-Name")).isEqualTo("lookup");
            assertThat(call.header("Mcp-Param-Limit")).isEqualTo("5");
            assertThat(call.header("Mcp-Param-Region")).isEqualTo("=?base64?"
                    + Base64.getEncoder().encodeToString("Zürich".getBytes(StandardCharsets.UTF_8)) + "?=");
            assertThat(call.header("Mcp-Param-Note")).isNull();
            assertThat(call.header("Mcp-Session-Id")).isNull();
            JsonNode meta = call.body().path("params").path("_meta");
            assertThat(meta.path("io.modelcontextprotocol/protocolVersion").asString()).isEqualTo("2026-07-28");
            assertThat(meta.path("io.modelcontextprotocol/clientCapabilities").isObject()).isTrue();
            assertThat(meta.path("io.modelcontextprotocol/clientInfo").path("name").asString()).isEqualTo("gatehouse");
            assertThat(meta.path("progressToken").asString()).isEqualTo("p-1");
            assertThat(server.received("initialize")).isEmpty();
            assertThat(server.received()).noneMatch(r -> r.httpMethod().equals("GET"));
        }
    }

    @Test
    void retriesDiscoverOnceWithTheVersionAnUnsupportedVersionErrorOffers() throws Exception {
        AtomicInteger discovers = new AtomicInteger();
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("server/discover".equals(exchange.request().rpcMethod()) && discovers.incrementAndGet() == 1) {
                exchange.json(400, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"error\":{\"code\":-32022,"
                        + "\"message\":\"Unsupported protocol version\",\"data\":{\"supported\":[\"2026-07-28\"]}}}");
            } else {
                modern(exchange);
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            assertThat(upstream.handshake().protocolVersion()).isEqualTo("2026-07-28");
            assertThat(discovers).hasValue(2);
        }
    }

    @Test
    void failsWithTheReasonWhenAModernServerSpeaksNoVersionTheGatewaySpeaks() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> exchange.json(400, "{\"jsonrpc\":\"2.0\",\"id\":"
                + exchange.id() + ",\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol version\","
                + "\"data\":{\"supported\":[\"2031-01-01\"]}}}"));
             StreamableHttpUpstream upstream = upstream(server)) {
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("it speaks only protocol versions [\"2031-01-01\"]");
        }
    }

    /** Each way a legacy server may answer a modern request; none is keyed on, all mean "use initialize". */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"404 html", "405", "400 generic error", "200 method not found", "200 empty result",
            "200 other versions"})
    void fallsBackToInitializeOnAnythingButARecognisedModernAnswer(String answer) throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if (!"server/discover".equals(exchange.request().rpcMethod())) {
                FakeMcpServer.legacy(exchange, "legacy-session");
                return;
            }
            String error = "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"error\":{\"code\":%d,\"message\":\"x\"}}";
            switch (answer) {
                case "404 html" -> exchange.body(404, "text/html", "<h1>Not Found</h1>");
                case "405" -> exchange.status(405);
                case "400 generic error" -> exchange.json(400, error.formatted(-32600));
                case "200 method not found" -> exchange.json(200, error.formatted(-32601));
                case "200 empty result" -> exchange.result("{}");
                default -> exchange.result("{\"supportedVersions\":[\"2031-01-01\"],\"capabilities\":{}}");
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            assertThat(upstream.handshake().protocolVersion()).isEqualTo("2025-11-25");
            assertThat(server.received("initialize")).hasSize(1);
        }
    }

    @Test
    void passesInputRequiredResultsAndMethodNotFoundErrorsThroughAsAnswers() throws Exception {
        String inputRequired = "{\"resultType\":\"input_required\",\"inputRequests\":{\"confirm\":{\"method\":"
                + "\"elicitation/create\",\"params\":{\"message\":\"sure?\",\"requestedSchema\":{\"type\":\"object\","
                + "\"properties\":{}}}}},\"requestState\":\"opaque-1\"}";
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.result(inputRequired);
            } else {
                modern(exchange);
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            Message.Response call = RemoteFixture.call(upstream, "tools/call", "{\"name\":\"lookup\"}");
            assertThat(call.result().path("resultType").asString()).isEqualTo("input_required");
            assertThat(call.result().path("requestState").asString()).isEqualTo("opaque-1");

            Message.Response unknown = RemoteFixture.call(upstream, "prompts/list", null);
            assertThat(unknown.isError()).isTrue();
            assertThat(unknown.error().code()).isEqualTo(-32601);
            assertThat(server.received("server/discover")).hasSize(1);
        }
    }

    @Test
    void cancelsACallByClosingItsStreamWithoutSendingANotification() throws Exception {
        AtomicBoolean clientLeft = new AtomicBoolean();
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.startEvents();
                clientLeft.set(exchange.writeUntilClientLeaves(Duration.ofMillis(50)));
            } else {
                modern(exchange);
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            upstream.handshake();
            PendingCall call = upstream.call(RemoteFixture.request("tools/call", "{\"name\":\"lookup\"}"),
                    CallOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.received("tools/call").isEmpty());

            call.cancel("the client went away");

            await().atMost(Duration.ofSeconds(5)).untilTrue(clientLeft);
            assertThat(call.response()).isCompletedExceptionally();
            assertThat(server.received("notifications/cancelled")).isEmpty();
        }
    }
}
