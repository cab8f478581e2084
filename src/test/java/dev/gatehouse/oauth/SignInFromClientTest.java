package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A call to a server that waits for sign-in, answered as each client can take it: a legacy client without URL
 * elicitation gets a tool error naming the command; a modern (2026-07-28) client with URL elicitation gets an
 * {@code input_required} result carrying the sign-in link, and its retry after the sign-in is an ordinary call that
 * succeeds; a modern client without it gets the tool error too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignInFromClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private LoopbackAuthServer as;
    private RunningGateway gateway;
    private SignInSteps steps;

    @BeforeEach
    void start() throws Exception {
        as = new LoopbackAuthServer().standard();
        GatewayHome home = new GatewayHome(dir.resolve("home")).write("[servers.remote]\nurl = \"" + as.mcpUrl()
                + "\"\nauth = \"oauth\"\n");
        gateway = home.start();
        steps = new SignInSteps(home, gateway.port());
        await().atMost(Duration.ofSeconds(60)).until(() -> steps.authState("remote").path("needsSignIn").asBoolean());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        as.close();
    }

    @Test
    void aLegacyClientWithoutUrlElicitationIsToldWhichCommandToRun() throws Exception {
        JsonNode result = steps.call("remote__whoami").path("result");

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").path(0).path("text").asString())
                .contains("Server 'remote' needs you to sign in", "gatehouse auth login remote");
    }

    @Test
    void initializingTheServersOwnEndpointGivesTheLinkOnlyToAClientThatDeclaredUrlElicitation() throws Exception {
        JsonNode plain = JSON.readTree(new McpSessionClient(gateway.port(), "/s/remote/mcp")
                .initialize("{\"elicitation\":{}}").body()).path("error");
        JsonNode link = JSON.readTree(new McpSessionClient(gateway.port(), "/s/remote/mcp")
                .initialize("{\"elicitation\":{\"url\":{}}}").body()).path("error");

        assertThat(plain.path("code").asInt()).isNotEqualTo(-32042);
        assertThat(plain.path("message").asString()).contains("gatehouse auth login remote");
        assertThat(plain.has("data")).isFalse();
        assertThat(link.path("code").asInt()).isEqualTo(-32042);
        assertThat(link.path("data").path("elicitations").path(0).path("url").asString())
                .startsWith(as.base() + "/authorize?");
    }

    @Test
    void aModernClientWithUrlElicitationGetsInputRequiredWithTheLinkAndItsRetrySucceedsAfterSignIn()
            throws Exception {
        try (ModernClient client = modern(SignInSteps.URL_ELICITATION)) {
            JsonNode result = client.request("tools/call", whoami()).path("result");

            assertThat(result.path("resultType").asString()).isEqualTo("input_required");
            JsonNode question = result.path("inputRequests").path("gatehouse-sign-in");
            assertThat(question.path("method").asString()).isEqualTo("elicitation/create");
            assertThat(question.path("params").path("mode").asString()).isEqualTo("url");
            assertThat(question.path("params").path("url").asString()).startsWith(as.base() + "/authorize?");

            steps.login("remote");
            ObjectNode retry = whoami();
            retry.putObject("inputResponses").putObject("gatehouse-sign-in").put("action", "accept");
            await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(client.request("tools/call", retry)
                    .path("result").path("content").path(0).path("text").asString(null)));
        }
    }

    @Test
    void aModernClientWithoutUrlElicitationGetsAToolErrorNamingTheCommand() throws Exception {
        try (ModernClient client = modern("{}")) {
            JsonNode result = client.request("tools/call", whoami()).path("result");

            assertThat(result.path("isError").asBoolean()).isTrue();
            assertThat(result.path("content").path(0).path("text").asString())
                    .contains("gatehouse auth login remote");
        }
    }

    private ModernClient modern(String capabilities) {
        return new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"), capabilities);
    }

    private static ObjectNode whoami() {
        return ModernClient.json("{\"name\":\"remote__whoami\",\"arguments\":{}}");
    }
}
