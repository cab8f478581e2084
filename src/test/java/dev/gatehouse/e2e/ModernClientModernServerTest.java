package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.ModernFixtureServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Same era on both sides: a modern client's multi round-trip with a modern server passes through untouched (the
 * server's keys and opaque state, never the gateway's seal), and its {@code subscriptions/listen} reaches the
 * server's own listen stream.
 */
@Timeout(60)
class ModernClientModernServerTest {

    private static ModernFixtureServer modern;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        modern = new ModernFixtureServer();
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ServerConfig.remote("modern", ServerConfig.Remote.of(modern.url()), true, Duration.ofSeconds(30)))));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        modern.close();
    }

    private static ModernClient client() {
        return new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/s/modern/mcp"),
                "{\"sampling\":{},\"elicitation\":{}}");
    }

    @Test
    void theServersOwnInputRequestsAndStatePassThroughUntouched() throws Exception {
        try (ModernClient client = client()) {
            ObjectNode request = ModernClient.json("{\"name\":\"ask_sampling\",\"arguments\":{}}");
            JsonNode asked = client.result("tools/call", request);
            assertThat(asked.path("inputRequests").has("reply")).isTrue();
            assertThat(asked.path("requestState").asString()).startsWith("opaque-");

            ObjectNode retry = request.deepCopy();
            retry.putObject("inputResponses").set("reply", ModernClient.json(
                    "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Hi\"},\"model\":\"m\"}"));
            retry.put("requestState", asked.path("requestState").asString());
            assertThat(client.result("tools/call", retry).path("content").get(0).path("text").asString())
                    .isEqualTo("LLM said: Hi");
        }
    }

    @Test
    void aListenStreamsResourceSubscriptionReachesTheServersListenStream() throws Exception {
        try (ModernClient client = client()) {
            HttpResponse<InputStream> stream = client.post("subscriptions/listen", ModernClient.json(
                    "{\"notifications\":{\"resourceSubscriptions\":[\"" + ModernFixtureServer.WATCHED + "\"]}}"));
            try (InputStream body = stream.body()) {
                List<JsonNode> events = ModernClient.events(body, 2);
                assertThat(events.get(1).path("method").asString()).isEqualTo("notifications/resources/updated");
                assertThat(events.get(1).path("params").path("uri").asString()).isEqualTo(ModernFixtureServer.WATCHED);
            }
        }
    }
}
