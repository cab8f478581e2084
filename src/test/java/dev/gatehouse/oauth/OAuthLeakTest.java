package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.vault.SecretName;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault's leak test (DESIGN invariant 4) for OAuth: a pre-registered client whose secret is in the vault signs
 * in, calls a tool, has its token expire and refreshed, with traffic captured in full and every log line at DEBUG
 * kept. Then the access and refresh tokens (both generations) and the client secret, raw, base64 and URL-encoded,
 * and the Basic credentials built from the secret, must appear in no log line, no byte of traffic.db (-wal, -shm),
 * no management API answer and no CLI output. The token entries stay out of {@code secret list} as well.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OAuthLeakTest {

    @TempDir
    Path dir;

    private final String prefix = "tk" + HexFormat.of().formatHex(random()) + "-";
    private final String clientSecret = "cs-" + HexFormat.of().formatHex(random());
    private final List<String> answered = new ArrayList<>();

    private static byte[] random() {
        byte[] bytes = new byte[10];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Test
    void noTokenOrClientSecretReachesALogTrafficAnApiAnswerOrTheCli() throws Exception {
        try (LoopbackAuthServer as = new LoopbackAuthServer().standard(); LogCapture logs = new LogCapture()) {
            as.tokenPrefix = prefix;
            as.asMetadata().put("token_endpoint_auth_methods_supported", List.of("client_secret_post"));
            GatewayHome home = new GatewayHome(dir.resolve("home")).write("[servers.remote]\nurl = \""
                    + as.mcpUrl() + "\"\n\n[servers.remote.oauth]\nclient_id = \"leak-client\"\n"
                    + "client_secret = \"${secret:remote-client}\"\n");
            try (RunningGateway gateway = home.start()) {
                gateway.vault().orElseThrow().set(SecretName.of("remote-client"), new StringReader(clientSecret));
                SignInSteps steps = new SignInSteps(home, gateway.port());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> steps.authState("remote").path("needsSignIn").asBoolean());
                answered.add(steps.login("remote"));
                answered.add(steps.call("remote__whoami").toString());
                as.expireAll();
                answered.add(steps.call("remote__whoami").toString());
                assertThat(as.tokenForms.getLast().get("grant_type")).containsExactly("refresh_token");
                assertThat(as.tokenForms.getFirst().get("client_secret")).containsExactly(clientSecret);

                for (List<String> command : List.of(List.of("auth", "status"), List.of("auth", "status", "--json"),
                        List.of("secret", "list"), List.of("secret", "list", "--json"), List.of("status"),
                        List.of("status", "--json"), List.of("server", "show", "remote", "--json"),
                        List.of("server", "logs", "remote"), List.of("doctor"))) {
                    SignInSteps.Run run = steps.gatehouse(command.toArray(String[]::new));
                    answered.add(run.out());
                }
                try (ApiCall api = new ApiCall(home.socket())) {
                    for (String path : List.of("/api/status", "/api/secrets", "/api/servers", "/api/servers/remote",
                            "/api/servers/remote/logs?lines=1000", "/api/auth", "/api/auth/remote", "/api/config",
                            "/api/sessions", "/api/metrics")) {
                        ContentResponse response = api.send("GET", path, null);
                        answered.add(response.getHeaders() + "\n" + response.getContentAsString());
                    }
                }
                assertThat(steps.gatehouse("secret", "list").out()).as("secret list").contains("remote-client")
                        .doesNotContain("oauth.");
                List<Path> traffic = Stream.of("", "-wal", "-shm")
                        .map(suffix -> home.root().resolve(RunningGateway.TRAFFIC_FILE + suffix)).toList();
                await().atMost(Duration.ofSeconds(30)).until(() -> raw(traffic).contains("whoami"));
                for (Path file : traffic) {
                    assertNoForm(raw(List.of(file)), file.getFileName().toString());
                }
            }
            assertThat(as.mcpAuthorizations).as("the tokens did reach the server they were issued for")
                    .contains("Bearer " + prefix + "access-1", "Bearer " + prefix + "access-2");
            assertNoForm(logs.text(), "the log at DEBUG");
            assertNoForm(String.join("\n", answered), "API answers and CLI output");
            assertNoForm(Files.readString(home.configFile()), "config.toml");
        }
    }

    private void assertNoForm(String text, String where) {
        List<String> values = List.of(prefix + "access-1", prefix + "refresh-1", prefix + "access-2",
                prefix + "refresh-2", clientSecret, "leak-client:" + clientSecret);
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            for (String form : List.of(value, Base64.getEncoder().encodeToString(bytes),
                    Base64.getEncoder().withoutPadding().encodeToString(bytes),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                    URLEncoder.encode(value, StandardCharsets.UTF_8))) {
                assertThat(text).as("%s holds %s", where, form).doesNotContain(form);
            }
        }
        assertThat(text).as("%s holds the token prefix", where).doesNotContain(prefix);
    }

    private static String raw(List<Path> files) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            if (Files.exists(file)) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }
}
