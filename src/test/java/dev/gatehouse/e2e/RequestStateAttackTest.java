package dev.gatehouse.e2e;

import static dev.gatehouse.e2e.ModernClientLegacyServerTest.call;
import static dev.gatehouse.e2e.ModernClientLegacyServerTest.retry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.ModernClient;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sealed {@code requestState} a modern client gets when a legacy server asks it for input, attacked: forged,
 * altered, replayed, expired, moved to another request, another client or another endpoint. Each is refused with
 * {@code -32602} and reaches nothing upstream: the genuine retry that follows still answers the server, with the
 * genuine answer.
 */
@Timeout(120)
class RequestStateAttackTest {

    private static final String ACCEPT = "{\"action\":\"accept\",\"content\":{\"name\":\"genuine\"}}";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ConformanceFixtureServer.server("fixture", Duration.ofSeconds(30)),
                ConformanceFixtureServer.server("brief", Duration.ofSeconds(3)))));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static ModernClient client(String path) {
        return new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + path),
                "{\"elicitation\":{},\"sampling\":{}}");
    }

    private static final ObjectNode ASK = call("test_input_required_result_elicitation", "{}");

    private static void assertRefused(JsonNode response, String why) {
        assertThat(response.has("result")).as(response.toString()).isFalse();
        assertThat(response.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(response.path("error").path("message").asString()).contains(why);
    }

    /** The genuine retry still completes, with the genuine answer: the refused attempt reached nothing. */
    private static void genuineRetryStillCompletes(ModernClient client, JsonNode asked) throws Exception {
        JsonNode done = client.result("tools/call", retry(ASK, asked, ACCEPT));
        assertThat(done.path("content").get(0).path("text").asString()).isEqualTo("Hello, genuine!");
    }

    private static ObjectNode withState(JsonNode asked, String state) {
        ObjectNode attempt = retry(ASK, asked, "{\"action\":\"accept\",\"content\":{\"name\":\"mallory\"}}");
        attempt.put("requestState", state);
        return attempt;
    }

    @Test
    void aForgedStateIsRefused() throws Exception {
        try (ModernClient client = client("/s/fixture/mcp")) {
            JsonNode asked = client.result("tools/call", ASK);
            byte[] noise = new byte[96];
            new SecureRandom().nextBytes(noise);
            assertRefused(client.request("tools/call", withState(asked,
                    "gh1." + Base64.getUrlEncoder().withoutPadding().encodeToString(noise))), "requestState");
            assertRefused(client.request("tools/call", withState(asked, "{\"handle\":\"guess\"}")),
                    "not issued by this gateway");
            genuineRetryStillCompletes(client, asked);
        }
    }

    @Test
    void anAlteredStateIsRefused() throws Exception {
        try (ModernClient client = client("/s/fixture/mcp")) {
            JsonNode asked = client.result("tools/call", ASK);
            String state = asked.path("requestState").asString();
            int middle = state.length() / 2;
            String flipped = state.substring(0, middle) + (state.charAt(middle) == 'A' ? 'B' : 'A')
                    + state.substring(middle + 1);
            assertRefused(client.request("tools/call", withState(asked, flipped)), "altered");
            assertRefused(client.request("tools/call", withState(asked, state + "-TAMPERED")), "requestState");
            genuineRetryStillCompletes(client, asked);
        }
    }

    @Test
    void aStateIsGoodForOneRetryOnly() throws Exception {
        try (ModernClient client = client("/s/fixture/mcp")) {
            JsonNode asked = client.result("tools/call", ASK);
            genuineRetryStillCompletes(client, asked);
            assertRefused(client.request("tools/call", retry(ASK, asked, ACCEPT)), "requestState");
        }
    }

    @Test
    void aStateIsBoundToItsRequest() throws Exception {
        try (ModernClient client = client("/s/fixture/mcp")) {
            JsonNode asked = client.result("tools/call", ASK);
            ObjectNode other = retry(call("test_input_required_result_elicitation", "{\"extra\":1}"), asked, ACCEPT);
            assertRefused(client.request("tools/call", other), "another request");
            ObjectNode otherTool = retry(call("test_input_required_result_request_state", "{}"), asked, ACCEPT);
            assertRefused(client.request("tools/call", otherTool), "another request");
            genuineRetryStillCompletes(client, asked);
        }
    }

    @Test
    void aStateIsBoundToItsClientAndEndpoint() throws Exception {
        try (ModernClient client = client("/s/fixture/mcp"); ModernClient aggregate = client("/mcp")) {
            JsonNode asked = client.result("tools/call", ASK);
            JsonNode asSomeoneElse = client.request("tools/call", retry(ASK, asked, ACCEPT),
                    "Authorization", "Bearer someone-else");
            assertRefused(asSomeoneElse, "another client");
            ObjectNode elsewhere = retry(call("fixture__test_input_required_result_elicitation", "{}"), asked, ACCEPT);
            assertRefused(aggregate.request("tools/call", elsewhere), "another client");
            genuineRetryStillCompletes(client, asked);
        }
    }

    @Test
    void anExpiredStateIsRefusedAndTheServerIsNotLeftWaiting() throws Exception {
        try (ModernClient client = client("/s/brief/mcp")) {
            // A cold JVM may take longer than this server's short timeout to start; that is not what is tested.
            await().atMost(Duration.ofSeconds(60)).until(() -> client.request("tools/list", null).has("result"));
            JsonNode asked = client.result("tools/call", ASK);
            Thread.sleep(3_500);
            assertRefused(client.request("tools/call", retry(ASK, asked, ACCEPT)), "expired");
            // The server gave up on that question and serves the next call as usual.
            JsonNode again = client.result("tools/call", ASK);
            assertThat(again.path("resultType").asString()).isEqualTo("input_required");
        }
    }
}
