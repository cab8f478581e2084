package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The hostile-input suite: every case gets exactly its status and JSON-RPC error, never a CORS header, and the
 * session it was sent beside must still get a normal answer afterwards (DESIGN invariant 10).
 */
@Timeout(60)
class HostileInputSuiteTest {

    private static RunningGateway gateway;
    private HostileCase.Wire wire;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of()));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
    }

    @BeforeEach
    void openSession() throws IOException {
        McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
        wire = new HostileCase.Wire(new RawHttp(gateway.port()), client, gateway.port());
    }

    @AfterEach
    void aValidRequestStillSucceeds() throws IOException {
        RawHttp.Reply reply = wire.client().post("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode tools = McpSessionClient.response(reply).path("result").path("tools");
        assertThat(tools.valueStream().map(t -> t.path("name").asString())).contains("gatehouse__list_servers");
        assertThat(wire.client().delete().status()).isEqualTo(200);
    }

    private void check(HostileCase hostile) throws IOException {
        RawHttp.Reply reply = hostile.sender().send(wire);
        assertThat(reply.headerNames()).as("CORS headers").noneMatch(name -> name.startsWith("access-control-"));
        assertThat(reply.status()).as("status; body %s", reply.body()).isEqualTo(hostile.status());
        if (reply.body().isBlank()) {
            assertThat(hostile.code()).as("an empty answer carries no error").isNull();
            return;
        }
        JsonNode answer = McpSessionClient.response(reply);
        if (hostile.code() == null) {
            assertThat(answer.has("error")).as("error in %s", reply.body()).isFalse();
        } else {
            assertThat(answer.path("error").path("code").asInt(0)).as("code in %s", reply.body())
                    .isEqualTo(hostile.code());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileCases#hosts")
    void hostHeaders(HostileCase hostile) throws IOException {
        check(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileCases#origins")
    void originHeaders(HostileCase hostile) throws IOException {
        check(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileMessages#framing")
    void httpFraming(HostileCase hostile) throws IOException {
        check(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileMessages#jsonRpc")
    void jsonRpcShapes(HostileCase hostile) throws IOException {
        check(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileMessages#mcp")
    void mcpSemantics(HostileCase hostile) throws IOException {
        check(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileMessages#sessions")
    void sessionsAndNegotiation(HostileCase hostile) throws IOException {
        check(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.http.HostileMessages#encodings")
    void encodingsAndInvalidUtf8(HostileCase hostile) throws IOException {
        check(hostile);
    }
}
