package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Main;
import dev.gatehouse.config.PlaneToken;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.RecordingMcpServer;
import dev.gatehouse.testing.ServeProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse token show|rotate} with {@code require_token = true}, against {@code gatehouse serve} as its own
 * process logging at DEBUG: the MCP plane wants the token, a rotation refuses the old one from the next request,
 * the file stays 0600, and the token appears in no log line, no recorded traffic and no request to a server.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TokenCliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"token-test","version":"1"}}}""";

    @TempDir
    Path dir;

    private static String gatehouse(Path home, int expectedExit, String... args) {
        CliRun run = CliRun.of(home, args);
        assertThat(run.exit()).as(run.err()).isEqualTo(expectedExit);
        return run.out();
    }

    @Test
    void theTokenIsRequiredRotatesAtOnceAndIsNeverLoggedRecordedOrForwarded() throws Exception {
        try (RecordingMcpServer remote = new RecordingMcpServer(Map.of())) {
            Path home = dir.resolve("home");
            String config = """
                    [gateway]
                    require_token = true

                    [servers.remote]
                    url = "%s"
                    """.formatted(remote.url());
            // The production logging config (not the tests'), at its most talkative.
            Path logging = Path.of(Main.class.getResource("/logback.xml").toURI());
            try (ServeProcess serve = ServeProcess.start(home, config, Map.of("GATEHOUSE_LOG_LEVEL", "DEBUG",
                    "JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + logging))) {
                RawHttp http = new RawHttp(serve.port());
                String first = gatehouse(home, 0, "token", "show").strip();
                assertThat(first).matches("[A-Za-z0-9_-]{43}");
                Path file = home.resolve(PlaneToken.FILE_NAME);
                assertThat(Files.readString(file).strip()).isEqualTo(first);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                JsonNode shown = JSON.readTree(gatehouse(home, 0, "token", "show", "--json"));
                assertThat(shown.path("required").asBoolean()).isTrue();
                assertThat(shown.path("file").asString()).isEqualTo(file.toString());

                RawHttp.Reply without = http.postJson("/mcp", INITIALIZE, List.of());
                assertThat(without.status()).isEqualTo(401);
                assertThat(without.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(http.postJson("/mcp", INITIALIZE, List.of("Authorization: Bearer wrong")).status())
                        .isEqualTo(401);
                String session = callRemoteTool(http, first);

                String rotated = gatehouse(home, 0, "token", "rotate");
                assertThat(rotated).contains("rotated").doesNotContain(first);
                String second = gatehouse(home, 0, "token", "show").strip();
                assertThat(second).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(first);
                assertThat(Files.readString(file).strip()).isEqualTo(second);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                // The old token is refused from the very next request, even on a session it opened.
                assertThat(http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}",
                        List.of("Authorization: Bearer " + first, "Mcp-Session-Id: " + session,
                                "MCP-Protocol-Version: 2025-11-25")).status()).isEqualTo(401);
                assertThat(http.postJson("/mcp", INITIALIZE, List.of("Authorization: Bearer " + first)).status())
                        .isEqualTo(401);
                callRemoteTool(http, second);

                assertThat(remote.headerLines()).isNotEmpty();
                assertThat(String.join("\n", remote.headerLines())).doesNotContain(first, second)
                        .doesNotContainIgnoringCase("authorization");
                assertThat(serve.output()).contains("DEBUG").doesNotContain(first, second);
                serve.close();
                assertThat(serve.output()).doesNotContain(first, second);
                assertThat(everyFileBut(home, file)).doesNotContain(first, second);
            }
        }
    }

    /** Initializes a session with {@code token} and calls the remote server's tool; answers the session id. */
    private static String callRemoteTool(RawHttp http, String token) throws IOException {
        RawHttp.Reply init = http.postJson("/mcp", INITIALIZE, List.of("Authorization: Bearer " + token));
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        String session = init.header("Mcp-Session-Id");
        List<String> headers = List.of("Authorization: Bearer " + token, "Mcp-Session-Id: " + session,
                "MCP-Protocol-Version: 2025-11-25");
        assertThat(http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers)
                .status()).isEqualTo(202);
        RawHttp.Reply call = http.postJson("/mcp", """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"remote__echo","arguments":{}}}""",
                headers);
        assertThat(call.status()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("echoed");
        return session;
    }

    /** The bytes of every file under the home but the token file (traffic.db and its WAL, pins, config, vault). */
    private static String everyFileBut(Path home, Path tokenFile) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path path : files.filter(Files::isRegularFile).filter(p -> !p.equals(tokenFile)).toList()) {
                all.write(Files.readAllBytes(path));
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
