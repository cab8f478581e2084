package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.ModernFixtureServer;
import dev.gatehouse.testing.RawHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Era matrix, legacy client and modern server: a 2026-07-28 server (the project's modern fixture, over Streamable
 * HTTP) behind the gateway, driven by the official Java SDK as a 2025-11-25 client. The server's
 * {@code input_required} results reach the client as real sampling and elicitation requests on its session, and
 * the gateway retries the call with the answers and the server's state; the client's resource subscription, log
 * level and ping are served the way the modern era does them.
 */
@Timeout(120)
class LegacyClientModernServerTest {

    private static ModernFixtureServer modern;
    private static RunningGateway gateway;
    private static McpSyncClient client;
    private static final List<McpSchema.CreateMessageRequest> sampled = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        modern = new ModernFixtureServer();
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ServerConfig.remote("modern", ServerConfig.Remote.of(modern.url()), true, Duration.ofSeconds(30)))));
        client = sdkClient(McpSchema.ClientCapabilities.builder().sampling().elicitation().build());
    }

    private static McpSyncClient sdkClient(McpSchema.ClientCapabilities capabilities) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + gateway.port()).endpoint("/s/modern/mcp").build();
        McpSyncClient sdk = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .capabilities(capabilities)
                .sampling(request -> {
                    sampled.add(request);
                    return McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("Bonjour")).model("test-model").build();
                })
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("name", "Ada", "color", "blue")))
                .build();
        sdk.initialize();
        return sdk;
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeGracefully();
        }
        gateway.close();
        modern.close();
    }

    private static String call(McpSyncClient sdk, String tool) {
        McpSchema.CallToolResult result = sdk.callTool(new McpSchema.CallToolRequest(tool, Map.of()));
        StringBuilder text = new StringBuilder();
        result.content().forEach(c -> text.append(c instanceof McpSchema.TextContent t ? t.text() : ""));
        return text.toString();
    }

    @Test
    void aModernServersSamplingInputRequestBecomesASamplingRequestAndTheAnswerIsSentBackAsTheRetry() {
        assertThat(call(client, "ask_sampling")).isEqualTo("LLM said: Bonjour");
        assertThat(sampled).anySatisfy(r -> assertThat(r.maxTokens()).isEqualTo(20));

        List<JsonNode> calls = modern.received("tools/call").stream()
                .filter(c -> c.path("params").path("name").asString().equals("ask_sampling")).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).path("id")).isNotEqualTo(calls.get(0).path("id"));
        assertThat(calls.get(0).path("params").has("requestState")).isFalse();
        assertThat(calls.get(1).path("params").path("requestState").asString()).startsWith("opaque-");
        assertThat(calls.get(1).path("params").path("inputResponses").path("reply").path("content").path("text")
                .asString()).isEqualTo("Bonjour");
    }

    @Test
    void aModernServersElicitationInputRequestsAreAnsweredRoundAfterRound() {
        assertThat(call(client, "ask_elicitation")).startsWith("Elicited: accept").contains("\"name\":\"Ada\"");
        assertThat(call(client, "ask_twice")).isEqualTo("Both answered: blue");
    }

    @Test
    void aSessionThatDidNotDeclareTheCapabilityGetsAClearErrorInsteadOfARequest() {
        McpSyncClient samplingOnly = sdkClient(McpSchema.ClientCapabilities.builder().sampling().build());
        try {
            assertThatThrownBy(() -> call(samplingOnly, "ask_elicitation")).isInstanceOf(McpError.class)
                    .hasMessageContaining("'elicitation' capability, which this session did not declare");
        } finally {
            samplingOnly.closeGracefully();
        }
    }

    @Test
    void aClientThatCancelsWhileBeingAskedEndsTheWaitAtOnceWithdrawsTheQuestionAndLeavesNothingWaiting()
            throws Exception {
        McpSessionClient session = new McpSessionClient(gateway.port(), "/s/modern/mcp");
        session.initialize();
        try (BufferedReader events = session.postStreaming("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"ask_elicitation\"}}")) {
            String line = events.readLine();
            while (line != null && !line.contains("elicitation/create")) {
                line = events.readLine();
            }
            assertThat(line).isNotNull();
            String question = ModernClient.json(line.substring(line.indexOf('{'))).path("id").asString();
            assertThat(question).startsWith("gh-s");
            assertThat(gauge("gatehouse_client_requests_waiting")).isEqualTo(1);
            session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                    + "{\"requestId\":9,\"reason\":\"changed my mind\"}}");
            JsonNode withdrawn = null;
            while (line != null && !line.contains("\"id\":9")) {
                line = events.readLine();
                if (line != null && line.contains("notifications/cancelled")) {
                    withdrawn = ModernClient.json(line.substring(line.indexOf('{')));
                }
            }
            assertThat(line).contains("-32800");
            assertThat(withdrawn).as("the elicitation is withdrawn from the client").isNotNull();
            assertThat(withdrawn.path("params").path("requestId").asString()).isEqualTo(question);
            assertThat(withdrawn.path("params").path("reason").asString()).contains("cancelled");

            RawHttp.Reply late = session.post("{\"jsonrpc\":\"2.0\",\"id\":\"" + question
                    + "\",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"late\"}}}");
            assertThat(late.status()).as("a late answer to a withdrawn question is accepted and dropped")
                    .isEqualTo(202);
            assertThat(gauge("gatehouse_client_requests_waiting")).isZero();
            assertThat(gauge("gatehouse_upstream_calls_active")).isZero();
            assertThat(gateway.gateway().sessions().find(session.sessionId()).orElseThrow().inFlight()).isZero();
        } finally {
            session.delete();
        }
    }

    /** A gauge's value from the gateway's Prometheus scrape. */
    private static double gauge(String name) {
        return gateway.gateway().metrics().scrape().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not scraped"));
    }

    @Test
    void setLevelBecomesTheLogLevelOfLaterRequestsAndPingIsAnsweredByTheGateway() {
        client.setLoggingLevel(McpSchema.LoggingLevel.NOTICE);
        assertThat(call(client, "report_log_level")).isEqualTo("logLevel=notice");
        client.ping();
        assertThat(modern.received("ping")).isEmpty();
        assertThat(modern.received("logging/setLevel")).isEmpty();
    }

    @Test
    void aResourceSubscriptionBecomesASubscriptionsListenStreamWhoseUpdateReachesTheSession() throws Exception {
        McpSessionClient session = new McpSessionClient(gateway.port(), "/s/modern/mcp");
        session.initialize();
        JsonNode subscribed = McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                + "\"resources/subscribe\",\"params\":{\"uri\":\"" + ModernFixtureServer.WATCHED + "\"}}"));
        assertThat(subscribed.has("result")).as(subscribed.toString()).isTrue();

        // A raw GET: the JDK client offers h2c on a GET and holds back the events of this stream.
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /s/modern/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\nMCP-Protocol-Version: 2025-11-25\r\nMcp-Session-Id: "
                    + session.sessionId() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader events = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String update = null;
            for (String line = events.readLine(); line != null && update == null; line = events.readLine()) {
                if (line.startsWith("data: ") && line.contains("notifications/resources/updated")) {
                    update = line.substring(6);
                }
            }
            assertThat(update).isNotNull();
            assertThat(ModernClient.json(update).path("params").path("uri").asString())
                    .isEqualTo(ModernFixtureServer.WATCHED);
        }
        assertThat(modern.received("subscriptions/listen")).anySatisfy(listen -> assertThat(listen.path("params")
                .path("notifications").path("resourceSubscriptions").path(0).asString(""))
                .isEqualTo(ModernFixtureServer.WATCHED));
        assertThat(modern.received("resources/subscribe")).isEmpty();
        session.delete();
    }
}
