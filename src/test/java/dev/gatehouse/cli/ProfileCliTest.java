package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse profile list|show|add|remove} and {@code /api/profiles} against a running gateway: edits keep
 * the user's comments and a backup, apply at once, and bad input is refused with the reason.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProfileCliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COMMENT = "# my servers, hand-written\n";

    @TempDir
    static Path dir;
    private static GatewayHome home;
    private static RunningGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(COMMENT + GatewayHome.scriptedServer("alpha") + "\n"
                + GatewayHome.scriptedServer("beta", "enabled = false"));
        gateway = home.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.gateway().upstreams().upstream("alpha")
                .map(u -> u.status().state().label().equals("ready")).orElse(false));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
    }

    private static CliRun gatehouse(String... args) {
        return CliRun.of(home.root(), args);
    }

    @Test
    void addShowListAndRemoveRoundTripThroughConfigTomlKeepingComments() throws Exception {
        CliRun added = gatehouse("profile", "add", "coding", "--server", "alpha", "--server", "beta",
                "--description", "editor tools");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added profile 'coding'").contains("/p/coding/mcp");
        String text = Files.readString(home.configFile());
        assertThat(text).startsWith(COMMENT).contains("[profiles.coding]\nservers = [\"alpha\", \"beta\"]\n"
                + "description = \"editor tools\"\n");
        assertThat(home.configFile().resolveSibling("config.toml.bak")).exists();
        assertThat(gateway.gateway().upstreams().config().profile("coding")).isPresent();

        McpSessionClient client = new McpSessionClient(gateway.port(), "/p/coding/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);

        CliRun shown = gatehouse("profile", "show", "coding");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("coding — editor tools")
                .contains("http://127.0.0.1:" + gateway.port() + "/p/coding/mcp")
                .contains("gatehouse connect --profile coding").containsPattern("alpha\\s+ready")
                .containsPattern("beta\\s+disabled");
        CliRun listed = gatehouse("profile", "list", "--json");
        JsonNode profiles = JSON.readTree(listed.out());
        assertThat(profiles).hasSize(1);
        assertThat(profiles.get(0).path("endpoint").asString()).isEqualTo("/p/coding/mcp");
        assertThat(gatehouse("status").out()).contains("PROFILE").contains("/p/coding/mcp");

        CliRun removed = gatehouse("profile", "remove", "coding");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(Files.readString(home.configFile())).startsWith(COMMENT).doesNotContain("[profiles.");
        assertThat(gateway.gateway().upstreams().config().profiles()).isEmpty();
        assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").status())
                .isEqualTo(404);
    }

    @Test
    void badProfilesAreRefusedWithTheReasonAndConfigTomlStaysAsItWas() throws Exception {
        String before = Files.readString(home.configFile());

        CliRun unknownServer = gatehouse("profile", "add", "x", "--server", "nosuch");
        assertThat(unknownServer.exit()).isNotZero();
        assertThat(unknownServer.err()).contains("lists unknown server 'nosuch'").containsPattern(":\\d+:\\d+");
        CliRun badName = gatehouse("profile", "add", "a__b", "--server", "alpha");
        assertThat(badName.exit()).isNotZero();
        assertThat(badName.err()).contains("invalid profile name 'a__b'");
        CliRun missing = gatehouse("profile", "show", "ghost");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no profile named 'ghost'");
        assertThat(gatehouse("profile", "remove", "ghost").err()).contains("no profile named 'ghost'");
        assertThat(gatehouse("profile", "add", "y").exit()).isNotZero();

        assertThat(Files.readString(home.configFile())).isEqualTo(before);
    }

    @Test
    void theApiAnswersProblemDetailsForBadBodiesAndUnknownProfiles() throws Exception {
        try (ApiCall api = new ApiCall(home.socket())) {
            ContentResponse noServers = api.send("POST", "/api/profiles", "{\"name\":\"z\",\"servers\":[]}");
            assertThat(noServers.getStatus()).isEqualTo(400);
            assertThat(noServers.getContentAsString()).contains("at least one server");
            ContentResponse control = api.send("POST", "/api/profiles",
                    "{\"name\":\"z\",\"servers\":[\"alpha\"],\"description\":\"two\\nlines\"}");
            assertThat(control.getStatus()).isEqualTo(400);
            assertThat(api.send("GET", "/api/profiles/ghost", null).getStatus()).isEqualTo(404);
            assertThat(api.send("PUT", "/api/profiles/ghost", "{}").getStatus()).isEqualTo(405);
            assertThat(api.send("GET", "/api/profiles/a/b", null).getStatus()).isEqualTo(404);
            ContentResponse created = api.send("POST", "/api/profiles", "{\"name\":\"z\",\"servers\":[\"alpha\"]}");
            assertThat(created.getStatus()).isEqualTo(201);
            ContentResponse twice = api.send("POST", "/api/profiles", "{\"name\":\"z\",\"servers\":[\"alpha\"]}");
            assertThat(twice.getStatus()).isEqualTo(409);
            ContentResponse serverInUse = api.send("DELETE", "/api/servers/alpha", null);
            assertThat(serverInUse.getStatus()).isEqualTo(422);
            assertThat(serverInUse.getContentAsString()).contains("lists unknown server 'alpha'");
            assertThat(api.send("DELETE", "/api/profiles/z", null).getStatus()).isEqualTo(200);
        }
    }
}
