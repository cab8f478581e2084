package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on the deprecated HTTP+SSE transport gets the same sign-in as a Streamable HTTP one: its event stream
 * waits for a token issued for its own URL, and a token refused mid-session is refreshed and the message posted
 * again, without the client noticing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SseSessionAuthTest {

    @TempDir
    Path dir;
    private LoopbackAuthServer as;
    private RunningGateway gateway;

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        as.close();
    }

    @Test
    void aTokenRefusedMidSessionOnAnSseServerIsRefreshedAndTheMessagePostedAgain() throws Exception {
        as = new LoopbackAuthServer().standard();
        GatewayHome home = new GatewayHome(dir.resolve("home")).write("[servers.old]\nurl = \"" + as.sseUrl()
                + "\"\ntransport = \"sse\"\nauth = \"oauth\"\n");
        gateway = home.start();
        SignInSteps steps = new SignInSteps(home, gateway.port());
        await().atMost(Duration.ofSeconds(60)).until(() -> steps.authState("old").path("needsSignIn").asBoolean());
        steps.login("old");
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello".equals(steps.callText("old__whoami")));
        int tokenRequests = as.tokenForms.size();

        as.expireAll();

        assertThat(steps.callText("old__whoami")).isEqualTo("hello");
        assertThat(as.tokenForms).hasSize(tokenRequests + 1);
        assertThat(as.tokenForms.getLast().get("grant_type")).containsExactly("refresh_token");
        assertThat(as.tokenForms.getLast().get("resource")).containsExactly(as.sseUrl().toString());
        assertThat(as.mcpAuthorizations.getLast()).isEqualTo("Bearer access-2");
    }
}
