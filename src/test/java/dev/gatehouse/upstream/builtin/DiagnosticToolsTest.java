package dev.gatehouse.upstream.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The built-in server's debugging views, seen by an agent on /mcp, and the stderr redaction they share. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiagnosticToolsTest {

    private static final String SECRET = "s3cr3t-token-value";

    @TempDir
    Path dir;
    private RunningGateway gateway;
    private McpSessionClient client;

    @BeforeEach
    void startGateway() throws Exception {
        // A shell prints the configured token on stderr, then becomes the scripted server.
        List<String> args = new ArrayList<>(List.of("-c", "echo token=$API_TOKEN >&2; exec \"$@\"", "sh"));
        args.addAll(GatewayHome.javaCommand("dev.gatehouse.testing.ScriptedStdioServer"));
        String config = "[servers.alpha]\ncommand = \"/bin/sh\"\nargs = [" + String.join(", ",
                args.stream().map(a -> "'" + a + "'").toList()) + "]\nenv = { API_TOKEN = \"" + SECRET + "\" }\n";
        gateway = new GatewayHome(dir.resolve("home")).write(config).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.gateway().upstreams().upstream("alpha")
                .map(u -> u.status().state().label().equals("ready")).orElse(false));
        client = new McpSessionClient(gateway.port(), "/mcp");
        client.initialize();
    }

    @AfterEach
    void stopGateway() throws Exception {
        gateway.close();
    }

    private JsonNode call(String tool, String arguments) throws Exception {
        return McpSessionClient.response(client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}")).path("result");
    }

    @Test
    void serverLogsShowsStderrWithConfiguredValuesRedacted() throws Exception {
        JsonNode result = call("gatehouse__server_logs", "{\"name\":\"alpha\"}");

        assertThat(result.path("structuredContent").path("lines").toString())
                .contains("token=[redacted:API_TOKEN]", "scripted server starting").doesNotContain(SECRET);
        assertThat(result.toString()).doesNotContain(SECRET);
    }

    @Test
    void theManagementApiRedactsTheSameWay() throws Exception {
        try (ApiCall api = new ApiCall(gateway.managementSocket())) {
            String logs = api.send("GET", "/api/servers/alpha/logs", null).getContentAsString();
            String detail = api.send("GET", "/api/servers/alpha", null).getContentAsString();

            assertThat(logs).contains("token=[redacted:API_TOKEN]").doesNotContain(SECRET);
            assertThat(detail).contains("API_TOKEN").doesNotContain(SECRET);
        }
    }

    @Test
    void sessionsListsOpenSessionsWithShortenedIds() throws Exception {
        JsonNode sessions = call("gatehouse__sessions", "{}").path("structuredContent").path("sessions");

        assertThat(sessions.size()).isEqualTo(1);
        assertThat(sessions.get(0).path("endpoint").asString()).isEqualTo("/mcp");
        assertThat(sessions.get(0).path("id").asString()).hasSize(9).endsWith("…")
                .isEqualTo(client.sessionId().substring(0, 8) + "…");
    }

    @Test
    void unknownServersAndBadLineCountsAreToolErrors() throws Exception {
        assertThat(call("gatehouse__server_logs", "{\"name\":\"nope\"}").path("isError").asBoolean()).isTrue();
        assertThat(call("gatehouse__server_logs", "{\"name\":\"alpha\",\"lines\":0}").path("isError").asBoolean())
                .isTrue();
    }
}
