package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.vault.SecretName;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in as config.toml describes it: a server with {@code [servers.NAME.oauth]} is signed in to before any
 * request reaches it, with the pre-registered client (its secret read from the vault when the token endpoint needs
 * it) and the configured scopes; a server added by a config reload signs in like one present at start.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConfiguredSignInTest {

    private static final String CLIENT_SECRET = "pre-registered-secret-4711";

    @TempDir
    Path dir;
    private LoopbackAuthServer as;
    private RunningGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (as != null) {
            as.close();
        }
    }

    @Test
    void aPreRegisteredClientSignsInBeforeAnyRequestWithItsVaultSecretAndTheConfiguredScopes() throws Exception {
        as = new LoopbackAuthServer().standard();
        as.asMetadata().put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        GatewayHome home = new GatewayHome(dir.resolve("home")).write("[servers.remote]\nurl = \"" + as.mcpUrl()
                + "\"\n\n[servers.remote.oauth]\nclient_id = \"pre-registered\"\n"
                + "client_secret = \"${secret:remote-client}\"\nscopes = [\"mcp:write\"]\n");
        gateway = home.start();
        gateway.vault().orElseThrow().set(SecretName.of("remote-client"), new StringReader(CLIENT_SECRET));
        SignInSteps steps = new SignInSteps(home, gateway.port());

        await().atMost(Duration.ofSeconds(60)).until(() -> steps.authState("remote").path("needsSignIn").asBoolean());
        await().atMost(Duration.ofSeconds(60)).until(() -> new RawHttp(gateway.port()).send("GET", "/healthz",
                List.of("Host: 127.0.0.1:" + gateway.port()), null).body().contains("needs-auth"));
        assertThat(as.mcpAuthorizations).as("requests that reached the server before sign-in").isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.upstreamEvents("remote"))
                .as("capture's lifecycle events").anyMatch(event -> event.startsWith("needs-auth: ")));

        steps.login("remote");

        assertThat(as.registrations.get()).as("dynamic registrations").isZero();
        assertThat(as.authorizations.getFirst().get("client_id")).containsExactly("pre-registered");
        assertThat(as.authorizations.getFirst().get("scope").getFirst().split(" ")).contains("mcp:write");
        assertThat(as.tokenClientAuthentications.getFirst()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("pre-registered:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(steps.callText("remote__whoami")));
    }

    @Test
    void aServerAddedByAConfigReloadSignsInLikeOnePresentAtStart() throws Exception {
        as = new LoopbackAuthServer().standard();
        GatewayHome home = new GatewayHome(dir.resolve("home")).write("");
        gateway = home.start();
        SignInSteps steps = new SignInSteps(home, gateway.port());

        home.write("[servers.late]\nurl = \"" + as.mcpUrl() + "\"\nauth = \"oauth\"\n");
        assertThat(steps.gatehouse("config", "reload").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> steps.authState("late").path("needsSignIn").asBoolean());

        assertThat(steps.login("late")).contains("Signed in to 'late'");
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(steps.callText("late__whoami")));
    }
}
