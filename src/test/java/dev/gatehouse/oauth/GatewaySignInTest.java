package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The gateway in front of a real protected MCP server (audience and expiry checked) and its authorization
 * server, all on loopback: the server needs sign-in ({@code needs-auth} in {@code /healthz}, calls answered with
 * a URL-mode {@code URLElicitationRequiredError} naming the command to run), {@code gatehouse auth login} and the browser's trip through
 * {@code /oauth/callback}, tools called with the server's own token (never the client's), the token expired and
 * refreshed, {@code auth status} without a token in sight, and {@code auth logout} revoking.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewaySignInTest {


    @TempDir
    Path dir;
    private LoopbackAuthServer as;
    private GatewayHome home;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        as = new LoopbackAuthServer().standard();
        home = new GatewayHome(dir.resolve("home")).write("[servers.remote]\nurl = \"" + as.mcpUrl() + "\"\n");
        gateway = home.start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        as.close();
    }

    @Test
    void signsInThroughTheCallbackCallsToolsWithItsOwnTokenRefreshesAndSignsOut() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> authState().path("needsSignIn").asBoolean());
        await().atMost(Duration.ofSeconds(60)).until(() -> new RawHttp(gateway.port()).send("GET", "/healthz",
                List.of("Host: 127.0.0.1:" + gateway.port()), null).body().contains("needs-auth"));
        JsonNode refused = callError();
        assertThat(refused.path("message").asString()).contains("gatehouse auth login remote");
        assertThat(refused.path("code").asInt()).isEqualTo(-32042);
        JsonNode elicitation = refused.path("data").path("elicitations").path(0);
        assertThat(elicitation.path("mode").asString()).isEqualTo("url");
        assertThat(elicitation.path("url").asString()).startsWith(as.base() + "/authorize?");

        SignInSteps.Trip trip = new SignInSteps(home, gateway.port()).loginTrip("remote");
        URI callback = trip.callback();
        RawHttp.Reply page = trip.page();
        assertThat(callback.getPort()).isEqualTo(gateway.port());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(page.body()).contains("Signed in").doesNotContain("<script");
        assertThat(trip.output()).contains("Signed in to 'remote'");

        RawHttp.Reply replayed = new RawHttp(gateway.port()).send("GET", callback.getRawPath() + "?"
                + callback.getRawQuery(), List.of("Host: 127.0.0.1:" + gateway.port()), null);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.body()).contains("already used");

        assertThat(callTool()).isEqualTo("hello");
        assertThat(as.mcpAuthorizations).doesNotContain("Bearer client-own-token").contains("Bearer access-1");

        as.expireAll();
        assertThat(callTool()).as("the call that met the expired token, refreshed and sent again").isEqualTo("hello");
        assertThat(as.tokenForms.getLast().get("grant_type")).containsExactly("refresh_token");
        assertThat(as.mcpAuthorizations.getLast()).isEqualTo("Bearer access-2");

        SignInSteps.Run status = gatehouse("auth", "status");
        assertThat(status.out()).contains("remote", "yes", as.base(), "mcp:read")
                .doesNotContain("access-").doesNotContain("refresh-");
        assertThat(Files.readString(home.root().resolve("vault.db"), StandardCharsets.ISO_8859_1))
                .doesNotContain("access-2").doesNotContain("refresh-2");

        SignInSteps.Run logout = gatehouse("auth", "logout", "remote");
        assertThat(logout.exit()).isZero();
        assertThat(logout.out()).contains("revoked");
        assertThat(as.revocations).isNotEmpty();
        assertThat(authState().path("signedIn").asBoolean()).isFalse();
    }

    private String callTool() throws Exception {
        return new SignInSteps(home, gateway.port()).callText("remote__whoami");
    }

    private JsonNode callError() throws Exception {
        McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
        client.initialize(SignInSteps.URL_ELICITATION);
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"remote__whoami\",\"arguments\":{}}}");
        return McpSessionClient.response(reply).path("error");
    }

    private JsonNode authState() {
        return new SignInSteps(home, gateway.port()).authState("remote");
    }

    private SignInSteps.Run gatehouse(String... args) {
        return new SignInSteps(home, gateway.port()).gatehouse(args);
    }
}
