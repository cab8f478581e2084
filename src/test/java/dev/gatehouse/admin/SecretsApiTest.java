package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/secrets} and {@code /api/import} as HTTP: statuses, media types, the restart of referencing servers,
 * and answers that never carry a value.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecretsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VALUE = "api-test-value-7d1f0c9e2b";

    @TempDir
    static Path dir;
    private static GatewayHome home;
    private static RunningGateway gateway;
    private static ApiCall api;
    private static HttpClient http;

    @BeforeAll
    static void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha",
                "env = { TOKEN = \"${secret:alpha-token}\" }") + "\n" + GatewayHome.scriptedServer("waiting",
                "env = { TOKEN = \"${secret:waiting-token}\" }"));
        gateway = home.start();
        api = new ApiCall(home.socket());
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void stopGateway() throws Exception {
        http.stop();
        api.close();
        gateway.close();
    }

    private static ContentResponse put(String path, String contentType, String body) throws Exception {
        return http.newRequest("http://localhost" + path).method(HttpMethod.PUT)
                .transport(new Transport.TCPUnix(home.socket())).timeout(30, TimeUnit.SECONDS)
                .body(new BytesRequestContent(contentType, body.getBytes(StandardCharsets.UTF_8))).send();
    }

    private static String state(String server) {
        return gateway.gateway().upstreams().upstream(server).map(u -> u.status().state().label()).orElse("absent");
    }

    @Test
    void settingAMissingSecretAnswers201AndRestartsTheServerThatWasFailingForIt() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> state("waiting").equals("failed"));
        assertThat(gateway.gateway().upstreams().upstream("waiting").orElseThrow().status().lastError())
                .contains("waiting-token");

        ContentResponse created = put("/api/secrets/waiting-token", "text/plain; charset=utf-8", VALUE + "\n");

        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.getContentAsString()).isEmpty();
        assertThat(created.getHeaders().get("Location")).isEqualTo("/api/secrets/waiting-token");
        assertThat(created.getHeaders().get("Gatehouse-Restarting")).isEqualTo("waiting");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("waiting").equals("ready"));

        ContentResponse replaced = put("/api/secrets/waiting-token?restart=false", "text/plain", VALUE + "-2");
        assertThat(replaced.getStatus()).isEqualTo(204);
        assertThat(replaced.getHeaders().get("Gatehouse-Restarting")).isNull();

        JsonNode listed = JSON.readTree(api.send("GET", "/api/secrets", null).getContentAsString());
        JsonNode waiting = listed.valueStream().filter(s -> s.path("name").asString().equals("waiting-token"))
                .findFirst().orElseThrow();
        assertThat(waiting.path("stored").asBoolean()).isTrue();
        assertThat(waiting.path("referencedBy").get(0).asString()).isEqualTo("waiting");
        assertThat(listed.toString()).doesNotContain(VALUE);
    }

    @Test
    void aValueIsAcceptedOnlyAsPlainUtf8TextAndABadNameIsNeverEchoed() throws Exception {
        ContentResponse json = put("/api/secrets/x-json", "application/json", "{\"value\":\"" + VALUE + "\"}");
        ContentResponse latin = put("/api/secrets/x-latin", "text/plain; charset=iso-8859-1", VALUE);
        ContentResponse badName = put("/api/secrets/" + VALUE + "%21", "text/plain", VALUE);
        ContentResponse empty = put("/api/secrets/x-empty", "text/plain", "\n");

        assertThat(json.getStatus()).isEqualTo(415);
        assertThat(latin.getStatus()).isEqualTo(415);
        assertThat(badName.getStatus()).isEqualTo(400);
        assertThat(badName.getContentAsString()).contains("secret names use").doesNotContain(VALUE);
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(empty.getContentAsString()).contains("the value is empty");
        assertThat(JSON.readTree(api.send("GET", "/api/secrets", null).getContentAsString()).toString())
                .doesNotContain("x-json", "x-latin", "x-empty");
    }

    @Test
    void deletingIsRefusedWhileReferencedUnlessForcedAndUnknownNamesAre404() throws Exception {
        assertThat(put("/api/secrets/alpha-token?restart=false", "text/plain", VALUE).getStatus()).isIn(201, 204);

        ContentResponse refused = api.send("DELETE", "/api/secrets/alpha-token", null);
        ContentResponse unknown = api.send("DELETE", "/api/secrets/never-set", null);
        ContentResponse badFlag = api.send("DELETE", "/api/secrets/alpha-token?force=maybe", null);

        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContentAsString()).contains("referenced by server(s) alpha", "--force");
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(badFlag.getStatus()).isEqualTo(400);

        ContentResponse forced = api.send("DELETE", "/api/secrets/alpha-token?force=true", null);
        assertThat(forced.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(forced.getContentAsString()).path("brokenServers").get(0).asString())
                .isEqualTo("alpha");
        assertThat(put("/api/secrets/alpha-token", "text/plain", VALUE).getStatus()).isEqualTo(201);
    }

    @Test
    void rotatingTheKeyReEncryptsEverySecretAndStatusReportsTheKeyBackend() throws Exception {
        assertThat(put("/api/secrets/rotated?restart=false", "text/plain", VALUE).getStatus()).isIn(201, 204);

        ContentResponse rotated = api.send("POST", "/api/secrets/rotate-key", null);
        JsonNode status = JSON.readTree(api.send("GET", "/api/status", null).getContentAsString());

        assertThat(rotated.getStatus()).as(rotated.getContentAsString()).isEqualTo(200);
        JsonNode rotation = JSON.readTree(rotated.getContentAsString());
        assertThat(rotation.path("secrets").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(rotation.path("newKeyId").asString()).isNotEqualTo(rotation.path("oldKeyId").asString());
        JsonNode vault = status.path("vault");
        assertThat(vault.path("keyBackend").asString()).isEqualTo(rotation.path("backend").asString());
        assertThat(vault.path("backends").size()).isEqualTo(3);
        assertThat(vault.path("secrets").asInt()).isGreaterThanOrEqualTo(1);
        if (vault.path("keyBackend").asString().equals("file")) {
            assertThat(vault.path("warning").asString()).startsWith("WARNING: the vault key is stored in");
        }
        assertThat(api.send("PUT", "/api/secrets/rotate-key", "{}").getStatus()).isEqualTo(415);
        assertThat(api.send("POST", "/api/secrets/other", null).getStatus()).isEqualTo(405);
    }

    @Test
    void importRefusesAmbiguousRelativeAndMissingSources() throws Exception {
        ContentResponse both = api.send("POST", "/api/import",
                "{\"client\":\"cursor\",\"file\":\"/tmp/x.json\",\"dryRun\":true}");
        ContentResponse relative = api.send("POST", "/api/import", "{\"file\":\"x.json\",\"dryRun\":true}");
        ContentResponse missing = api.send("POST", "/api/import",
                "{\"file\":\"" + dir.resolve("absent.json") + "\",\"dryRun\":true}");
        ContentResponse unknownClient = api.send("POST", "/api/import", "{\"client\":\"emacs\",\"dryRun\":true}");

        assertThat(both.getStatus()).isEqualTo(400);
        assertThat(relative.getStatus()).isEqualTo(400);
        assertThat(relative.getContentAsString()).contains("'file' must be an absolute path");
        assertThat(missing.getStatus()).isEqualTo(422);
        assertThat(unknownClient.getStatus()).isEqualTo(400);
        assertThat(unknownClient.getContentAsString())
                .contains("'client' must be one of: claude-desktop, cursor, vscode, claude-code");
    }

    @Test
    void aDryRunImportAnswersNamesOnlyAndWritesNothing() throws Exception {
        String token = "ghp_" + "Q".repeat(36);
        Path file = Files.writeString(dir.resolve("mcp.json"), """
                {"mcpServers": {"gh": {"command": "gh-mcp", "env": {"GITHUB_TOKEN": "%s"}}}}
                """.formatted(token));
        String before = Files.readString(home.configFile());

        ContentResponse plan = api.send("POST", "/api/import", "{\"file\":\"" + file + "\",\"dryRun\":true}");

        assertThat(plan.getStatus()).isEqualTo(200);
        JsonNode report = JSON.readTree(plan.getContentAsString());
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("lines").toString()).contains("add server gh",
                "move gh env.GITHUB_TOKEN into the vault as gh.GITHUB_TOKEN");
        assertThat(plan.getContentAsString()).doesNotContain(token);
        assertThat(Files.readString(home.configFile())).isEqualTo(before);
    }
}
