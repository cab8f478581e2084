package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user does to sign a gateway in, as steps for tests: {@code gatehouse} commands against a home, and a whole
 * {@code auth login} with the browser's trip (the loopback authorization server approves at once, its redirect is
 * followed to the gateway's {@code /oauth/callback}), and MCP calls through a fresh session.
 */
record SignInSteps(GatewayHome home, int gatewayPort) {

    /** Client capabilities declaring URL-mode elicitation, so a sign-in link can be shown. */
    static final String URL_ELICITATION = "{\"elicitation\":{\"form\":{},\"url\":{}}}";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/authorize\\S+)");

    record Run(int exit, String out) {
    }

    Run gatehouse(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home.root());
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    /** What a whole sign-in went through: the command's output, the callback the browser followed, its page. */
    record Trip(String output, URI callback, RawHttp.Reply page) {
    }

    /** {@code auth login SERVER} with the browser's part done; returns the command's output once it succeeded. */
    String login(String server) throws Exception {
        Trip trip = loginTrip(server);
        assertThat(trip.page().status()).as("the callback page").isEqualTo(200);
        return trip.output();
    }

    /** {@code auth login SERVER} and the browser's trip; the command must end with exit code 0. */
    Trip loginTrip(String server) throws Exception {
        StringWriter loginOut = new StringWriter();
        CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> new CommandLine(new Main())
                .setOut(new PrintWriter(loginOut, true)).setErr(new PrintWriter(new StringWriter()))
                .execute("auth", "login", server, "--no-browser", "--wait", "60", "--home=" + home.root()));
        String authorizationUrl = await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher found = URL.matcher(loginOut.toString());
            return found.find() ? found.group(1) : null;
        }, url -> url != null);
        URI authorize = URI.create(authorizationUrl);
        RawHttp.Reply approval = new RawHttp(authorize.getPort()).send("GET", authorize.getRawPath() + "?"
                + authorize.getRawQuery(), List.of("Host: 127.0.0.1"), null);
        URI callback = URI.create(approval.header("Location"));
        RawHttp.Reply page = new RawHttp(gatewayPort).send("GET", callback.getRawPath() + "?"
                + callback.getRawQuery(), List.of("Host: 127.0.0.1:" + gatewayPort), null);
        assertThat(login.get(60, TimeUnit.SECONDS)).as("auth login's exit code; it said: %s", loginOut).isZero();
        return new Trip(loginOut.toString(), callback, page);
    }

    /** The {@code auth status --json} entry of {@code server}. */
    JsonNode authState(String server) {
        for (JsonNode entry : JSON.readTree(gatehouse("auth", "status", "--json").out())) {
            if (entry.path("server").asString().equals(server)) {
                return entry;
            }
        }
        throw new AssertionError("no auth state for '" + server + "'");
    }

    /** The answer to {@code tools/call TOOL} in a new legacy-era session, sent with the client's own token. */
    JsonNode call(String tool) throws Exception {
        return call(tool, "{\"elicitation\":{}}");
    }

    /** As {@link #call(String)}, the client declaring {@code capabilities}. */
    JsonNode call(String tool, String capabilities) throws Exception {
        McpSessionClient client = new McpSessionClient(gatewayPort, "/mcp");
        client.initialize(capabilities);
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"" + tool + "\",\"arguments\":{}}}", "Authorization: Bearer client-own-token");
        return McpSessionClient.response(reply);
    }

    /** The lifecycle events traffic.db holds for {@code server}, oldest first, as "event: detail". */
    List<String> upstreamEvents(String server) throws Exception {
        List<String> events = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.root().resolve("traffic.db"));
             PreparedStatement query = db.prepareStatement(
                     "SELECT event, detail FROM upstream_events WHERE server = ? ORDER BY id")) {
            query.setString(1, server);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    events.add(rows.getString(1) + ": " + rows.getString(2));
                }
            }
        }
        return events;
    }

    /** The text of the first content item of {@link #call}'s result, or null when it failed. */
    String callText(String tool) throws Exception {
        return call(tool).path("result").path("content").path(0).path("text").asString(null);
    }
}
