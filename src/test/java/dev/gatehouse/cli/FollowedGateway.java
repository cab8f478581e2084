package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import tools.jackson.databind.json.JsonMapper;

/** For tests of {@code logs --follow}: traffic to follow, and how many followers the gateway counts. */
final class FollowedGateway {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FollowedGateway() {
    }

    /** One call of the scripted server {@code alpha}'s echo tool with {@code text}, on a session of its own. */
    static void echo(RunningGateway gateway, String text) throws Exception {
        McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"alpha__echo\",\"arguments\":{\"text\":\"" + text + "\"}}}");
        assertThat(reply.status()).isEqualTo(200);
    }

    /** The followers the gateway of {@code home} counts, as {@code status} shows them. */
    static int followers(GatewayHome home) throws Exception {
        try (ApiCall api = new ApiCall(home.socket())) {
            return JSON.readTree(api.send("GET", "/api/status", null).getContentAsString()).path("capture")
                    .path("followers").asInt(-1);
        }
    }
}
