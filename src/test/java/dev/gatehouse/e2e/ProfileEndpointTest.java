package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.LegacyGetStream;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.RawHttp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /p/NAME/mcp} through a real gateway with two real children: a profile shows only its servers, refuses
 * everything of the others exactly as something unknown, follows config.toml edits, and ends with its profile.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProfileEndpointTest {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final String SCRIPTED = GatewayHome.scriptedServer("alpha");
    private static final String FIXTURE = GatewayHome.javaServer("fixture", ConformanceFixtureServer.command());
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @TempDir
    static Path dir;
    private static GatewayHome home;
    private static RunningGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(config("[\"alpha\"]"));
        gateway = home.start();
        await().atMost(READY).until(() -> ready("alpha") && ready("fixture"));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
    }

    private static String config(String mineServers) {
        return SCRIPTED + "\n" + FIXTURE + "\n[profiles.mine]\nservers = " + mineServers
                + "\ndescription = \"only alpha\"\n";
    }

    private static boolean ready(String name) {
        return gateway.gateway().upstreams().upstream(name)
                .map(u -> u.status().state().label().equals("ready")).orElse(false);
    }

    private static McpSessionClient session(String path) throws Exception {
        McpSessionClient client = new McpSessionClient(gateway.port(), path);
        assertThat(client.initialize().status()).isEqualTo(200);
        return client;
    }

    private static List<String> toolNames(JsonNode response) {
        List<String> names = new ArrayList<>();
        response.path("result").path("tools").forEach(tool -> names.add(tool.path("name").asString()));
        return names;
    }

    private static JsonNode call(McpSessionClient client, String tool) throws Exception {
        return McpSessionClient.response(client.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":{\"text\":\"hi\"}}}"));
    }

    private static JsonNode read(McpSessionClient client, String uri) throws Exception {
        return McpSessionClient.response(client.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":\"" + uri + "\"}}"));
    }

    /** The error's message and data, without the correlation id that differs for every answer. */
    private static String withoutCorrelation(JsonNode response) {
        return response.path("error").toString().replaceAll("correlation id [0-9a-f]+", "correlation id");
    }

    @Test
    void aProfileEndpointShowsOnlyItsServersToolsUnderAggregateNames() throws Exception {
        List<String> everything = toolNames(McpSessionClient.response(session("/mcp").post(TOOLS_LIST)));
        List<String> mine = toolNames(McpSessionClient.response(session("/p/mine/mcp").post(TOOLS_LIST)));

        assertThat(everything).anyMatch(name -> name.startsWith("fixture__")).contains("alpha__echo");
        assertThat(mine).isNotEmpty().allMatch(name -> name.startsWith("alpha__")).contains("alpha__echo");
        assertThat(mine).containsExactlyInAnyOrderElementsOf(
                everything.stream().filter(name -> name.startsWith("alpha__")).toList());
    }

    @Test
    void aCallToAServerOutsideTheProfileIsRefusedExactlyAsAnUnknownTool() throws Exception {
        McpSessionClient client = session("/p/mine/mcp");
        String outside = toolNames(McpSessionClient.response(session("/mcp").post(TOOLS_LIST))).stream()
                .filter(name -> name.startsWith("fixture__")).findFirst().orElseThrow();

        JsonNode refused = call(client, outside);
        JsonNode unknown = call(client, "nosuch__" + outside.substring("fixture__".length()));

        assertThat(refused.path("error").path("code")).isEqualTo(unknown.path("error").path("code"));
        assertThat(withoutCorrelation(refused)).isEqualTo(withoutCorrelation(unknown).replace("nosuch__", "fixture__"));
        assertThat(refused.toString()).doesNotContain("Fixture");
        assertThat(call(client, "alpha__echo").path("result").toString()).contains("hi");
    }

    @Test
    void aResourceOfAServerOutsideTheProfileIsNotFoundExactlyAsAnUnknownOne() throws Exception {
        McpSessionClient client = session("/p/mine/mcp");
        assertThat(read(session("/mcp"), "test://static-text").has("result")).isTrue();

        JsonNode refused = read(client, "test://static-text");
        JsonNode unknown = read(client, "test://no-such-resource");

        assertThat(refused.path("error").path("code")).isEqualTo(unknown.path("error").path("code"));
        assertThat(withoutCorrelation(refused)).isEqualTo(withoutCorrelation(unknown).replace("no-such-resource",
                "static-text"));
    }

    @Test
    void aModernClientOfTheProfileSeesOnlyItsServers() throws Exception {
        ModernClient modern = new ModernClient(URI.create("http://127.0.0.1:" + gateway.port() + "/p/mine/mcp"),
                "{}");
        try (modern) {
            JsonNode tools = modern.request("tools/list", ModernClient.json("{}"));
            assertThat(toolNames(tools)).isNotEmpty().allMatch(name -> name.startsWith("alpha__"));
            ObjectNode params = ModernClient.json("{\"name\":\"fixture__test_simple_text\",\"arguments\":{}}");
            assertThat(modern.request("tools/call", params).has("error")).isTrue();
        }
    }

    @Test
    void aSessionOfTheProfileIsUnknownOnEveryOtherEndpoint() throws Exception {
        McpSessionClient mine = session("/p/mine/mcp");
        RawHttp http = new RawHttp(gateway.port());
        for (String path : List.of("/mcp", "/s/alpha/mcp", "/s/fixture/mcp")) {
            RawHttp.Reply reply = http.postJson(path, TOOLS_LIST, List.of("Mcp-Session-Id: " + mine.sessionId()));
            assertThat(reply.status()).as(path).isEqualTo(404);
        }
        assertThat(gateway.gateway().openSessions()).anyMatch(s -> s.id().equals(mine.sessionId())
                && s.endpoint().equals("/p/mine/mcp"));
    }

    @Test
    void theCaptureRecordsWhichProfileASessionUsed() throws Exception {
        McpSessionClient mine = session("/p/mine/mcp");
        assertThat(call(mine, "alpha__echo").has("result")).isTrue();
        try (ApiCall api = new ApiCall(home.socket())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.send("GET", "/api/traffic/sessions", null)
                    .getContentAsString().contains("\"endpoint\":\"/p/mine/mcp\""));
        }
    }

    @Test
    void hostilePathsNeverReachAProfileTheyDoNotName() throws Exception {
        RawHttp http = new RawHttp(gateway.port());
        RawHttp.Reply unknown = http.send("GET", "/p/nope/mcp", List.of("Host: localhost"), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":-32600").contains("names no configured profile");
        for (String path : List.of("/p/bad%20name/mcp", "/p/%3Cscript%3E/mcp", "/p/mine/mcp/x", "/p/MINE/mcp",
                "/p/mine/MCP", "/p/mcp", "/p/mine", "/p/fixture/mcp", "/p/alpha/sse", "/p/gatehouse/mcp")) {
            assertThat(http.send("GET", path, List.of("Host: localhost"), null).status()).as(path).isEqualTo(404);
        }
        for (String path : List.of("/p/%2e%2e/mcp", "/p//mcp", "/p/mine%00/mcp")) {
            assertThat(http.send("GET", path, List.of("Host: localhost"), null).status()).as(path).isEqualTo(400);
        }
        // Dot segments are resolved before routing: this is /mcp itself, whose GET demands an event-stream Accept.
        assertThat(http.send("GET", "/p/../mcp", List.of("Host: localhost"), null).status()).isEqualTo(406);
        RawHttp.Reply foreign = http.send("GET", "/p/mine/mcp",
                List.of("Host: localhost", "Origin: https://evil.example"), null);
        assertThat(foreign.status()).isEqualTo(403);
    }

    @Test
    void theDeprecatedSseTransportServesTheProfileToo() throws Exception {
        try (LegacyGetStream stream = LegacyGetStream.open(gateway.port(), "/p/mine/sse", "unused")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.saw("/p/mine/messages?sessionId="));
        }
    }

    @Test
    void addingOrDroppingAServerNotifiesTheProfilesSessionsAndRemovingTheProfileEndsThem() throws Exception {
        McpSessionClient mine = session("/p/mine/mcp");
        McpSessionClient fixtureOnly = session("/s/fixture/mcp");
        try (LegacyGetStream stream = LegacyGetStream.open(gateway.port(), "/p/mine/mcp", mine.sessionId());
             LegacyGetStream bystander = LegacyGetStream.open(gateway.port(), "/s/fixture/mcp",
                     fixtureOnly.sessionId())) {
            Thread.sleep(500);
            Files.writeString(home.configFile(), config("[\"alpha\", \"fixture\"]"));
            await().atMost(READY).until(() -> stream.saw("notifications/tools/list_changed"));
            assertThat(toolNames(McpSessionClient.response(mine.post(TOOLS_LIST))))
                    .anyMatch(name -> name.startsWith("fixture__")).contains("alpha__echo");
            assertThat(bystander.saw("list_changed")).isFalse();

            int seen = stream.lines().size();
            Files.writeString(home.configFile(), config("[\"alpha\"]"));
            await().atMost(READY).until(() -> stream.sawAfter(seen, "notifications/tools/list_changed"));
            assertThat(toolNames(McpSessionClient.response(mine.post(TOOLS_LIST))))
                    .isNotEmpty().allMatch(name -> name.startsWith("alpha__"));

            Files.writeString(home.configFile(), SCRIPTED + "\n" + FIXTURE);
            await().atMost(READY).until(() -> gateway.gateway().upstreams().config().profiles().isEmpty());
            assertThat(mine.post(TOOLS_LIST).status()).isEqualTo(404);
            assertThat(new RawHttp(gateway.port()).postJson("/p/mine/mcp", TOOLS_LIST, List.of()).status())
                    .isEqualTo(404);
        } finally {
            Files.writeString(home.configFile(), config("[\"alpha\"]"));
            await().atMost(READY).until(() -> gateway.gateway().upstreams().config().profile("mine")
                    .map(p -> p.servers().equals(List.of("alpha"))).orElse(false));
        }
    }
}
