package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What happens to a signed-in server's session when its authorization server changes its mind: a token that stops
 * working is refreshed and the call sent again without the client noticing; when refreshing fails, or the server
 * wants a scope the token lacks ({@code 403 insufficient_scope}), the call says to sign in, the server waits in
 * needs-auth, and signing in again (asking for the union of the scopes) brings it back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MidSessionAuthTest {

    @TempDir
    Path dir;
    private LoopbackAuthServer as;
    private RunningGateway gateway;
    private SignInSteps steps;

    @BeforeEach
    void signIn() throws Exception {
        as = new LoopbackAuthServer().standard();
        GatewayHome home = new GatewayHome(dir.resolve("home")).write("[servers.remote]\nurl = \"" + as.mcpUrl()
                + "\"\nauth = \"oauth\"\n");
        gateway = home.start();
        steps = new SignInSteps(home, gateway.port());
        await().atMost(Duration.ofSeconds(60)).until(() -> steps.authState("remote").path("needsSignIn").asBoolean());
        steps.login("remote");
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(steps.callText("remote__whoami")));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        as.close();
    }

    @Test
    void aTokenRefusedMidSessionIsRefreshedAndTheSameCallSentAgain() throws Exception {
        int tokenRequests = as.tokenForms.size();
        as.expireAll();

        assertThat(steps.callText("remote__whoami")).isEqualTo("hello");
        assertThat(as.tokenForms).hasSize(tokenRequests + 1);
        assertThat(as.tokenForms.getLast().get("grant_type")).containsExactly("refresh_token");
        assertThat(as.mcpAuthorizations.getLast()).isEqualTo("Bearer access-2");
    }

    @Test
    void aRefusedRefreshLeavesTheServerWaitingForSignInAndTheCallSaysSo() throws Exception {
        as.refuseRefresh = true;
        as.expireAll();

        JsonNode result = steps.call("remote__whoami").path("result");
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").path(0).path("text").asString())
                .contains("needs you to sign in", "gatehouse auth login remote").doesNotContain("http");
        assertThat(steps.authState("remote").path("needsSignIn").asBoolean()).isTrue();
        assertThat(gateway.gateway().upstreams().upstream("remote").orElseThrow().status().state().name())
                .isEqualTo("NEEDS_AUTH");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.upstreamEvents("remote"))
                .as("capture's lifecycle events").last().asString()
                .startsWith("needs-auth: ").contains("gatehouse auth login remote"));

        as.refuseRefresh = false;
        steps.login("remote");
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(steps.callText("remote__whoami")));
    }

    @Test
    void insufficientScopeAsksTheUserToSignInAgainForTheUnionOfScopes() throws Exception {
        as.toolScope = "mcp:write";

        JsonNode error = steps.call("remote__whoami", SignInSteps.URL_ELICITATION).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32042);
        assertThat(error.path("message").asString()).contains("needs you to sign in", "gatehouse auth login remote");
        assertThat(error.path("data").path("elicitations").path(0).path("url").asString())
                .startsWith(as.base() + "/authorize?").contains("scope=");
        JsonNode state = steps.authState("remote");
        assertThat(state.path("needsSignIn").asBoolean()).isTrue();

        steps.login("remote");
        assertThat(List.of(as.authorizations.getLast().get("scope").getFirst().split(" ")))
                .contains("mcp:read", "mcp:write");
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(steps.callText("remote__whoami")));
    }
}
