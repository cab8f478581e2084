package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import picocli.CommandLine;

/**
 * For {@link SecretLeakTest}: asks every management API resource and runs every CLI command (in-process, and as a
 * real process where the value is piped in), adding each answer, status line and output to {@code answered},
 * which the test then searches for the sentinel. Includes the paths where a careless implementation would echo
 * it: a client file holding it in a stdio server's env and a remote server's headers and url imported (dry run), a
 * name built from it, a value pasted as an argument.
 */
final class LeakProbes {

    private final RunningGateway gateway;
    private final GatewayHome home;
    private final String sentinel;
    private final Path work;
    private final List<String> answered;

    LeakProbes(RunningGateway gateway, GatewayHome home, String sentinel, Path work, List<String> answered) {
        this.gateway = gateway;
        this.home = home;
        this.sentinel = sentinel;
        this.work = work;
        this.answered = answered;
    }

    /** Runs the CLI as a process with {@code stdin} piped in; returns (and records) what it printed. */
    String cliProcess(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home.root());
        List<String> command = GatewayHome.javaCommand(Main.class.getName(), all.toArray(String[]::new));
        command.add(1, "--enable-native-access=ALL-UNNAMED");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("XDG_RUNTIME_DIR");
        builder.environment().remove("GATEHOUSE_HOME");
        Process process = builder.start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            answered.add(output);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private String cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home.root());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        answered.add(out.toString());
        answered.add(err.toString());
        return out + err.toString();
    }

    void askEveryApiResource() throws Exception {
        Path clientFile = clientFileHoldingTheSentinel();
        try (ApiCall api = new ApiCall(home.socket())) {
            for (String path : List.of("/api/status", "/api/secrets", "/api/secrets/sentinel", "/api/servers",
                    "/api/servers/everything", "/api/servers/everything/logs?lines=1000", "/api/servers/missing",
                    "/api/servers/missing/logs", "/api/servers/everything/tools", "/api/servers/web",
                    "/api/servers/web/tools", "/api/sessions", "/api/config", "/api/metrics",
                    "/api/traffic?limit=10000", "/api/traffic/export", "/api/traffic/stats?since=1d",
                    "/api/traffic/sessions", "/api/traffic/notifications?limit=10000",
                    "/api/traffic/events?limit=10000")) {
                assertThat(record(api.send("GET", path, null))).as(path).startsWith("200 ");
            }
            assertThat(record(api.send("POST", "/api/import", "{\"file\":\"" + clientFile + "\",\"dryRun\":true}")))
                    .contains("move leaky env.PLAIN into the vault as leaky.PLAIN");
            record(api.send("PUT", "/api/secrets/" + sentinel + "%21", sentinel));
            record(api.send("PUT", "/api/secrets/as-json", "{\"value\":\"" + sentinel + "\"}"));
            record(api.send("DELETE", "/api/secrets/sentinel", null));
            record(api.send("POST", "/api/secrets/rotate-key", null));
        }
        answered.add(new RawHttp(gateway.port()).send("GET", "/metrics", List.of("Host: 127.0.0.1"), null).body());
    }

    void runEveryCliCommand() throws Exception {
        Path clientFile = clientFileHoldingTheSentinel();
        for (List<String> command : List.of(List.of("status"), List.of("status", "--json"),
                List.of("secret", "list"), List.of("secret", "list", "--json"), List.of("server", "list"),
                List.of("server", "show", "everything"), List.of("server", "show", "everything", "--json"),
                List.of("server", "show", "web"), List.of("server", "show", "web", "--json"),
                List.of("server", "logs", "everything", "--lines=1000"), List.of("server", "logs", "missing"),
                List.of("doctor"), List.of("doctor", "--json"), List.of("config", "validate"),
                List.of("import", clientFile.toString(), "--dry-run"),
                List.of("import", clientFile.toString(), "--dry-run", "--json"),
                List.of("secret", "delete", "sentinel"), List.of("secret", "rotate-key"),
                List.of("secret", "set", "pasted", sentinel), List.of("secret", "set", "pasted", "--value=" + sentinel),
                List.of("secret", "set", sentinel + "!"), List.of("logs", "--limit", "10000"),
                List.of("logs", "--limit", "10000", "--json"), List.of("logs", "export"),
                List.of("logs", "stats", "--since", "1d"))) {
            cli(command.toArray(String[]::new));
        }
        assertThat(cli("server", "show", "web")).as("the remote server's detail shows its url's reference")
                .contains("?key=${secret:sentinel}");
        assertThat(cli("secret", "list")).containsPattern("(?m)^sentinel\\s+stored\\s+.*\\s+web, everything$");
        assertThat(cli("secret", "delete", "sentinel")).as("refused while a header, a url and an env reference it")
                .contains("secret 'sentinel' is referenced by server(s) web, everything");
        assertThat(cli("import", clientFile.toString(), "--dry-run")).contains(
                "move leaky env.SOME_API_KEY into the vault as leaky.SOME_API_KEY",
                "move leakyweb url query api_key into the vault as leakyweb.query.api_key",
                "move leakyweb headers.Authorization into the vault as leakyweb.Authorization",
                "move leakyweb headers.X-Key into the vault as leakyweb.X-Key");
        assertThat(cliProcess("", "secret", "set", "pasted", sentinel)).contains("never from an argument");
    }

    private Path clientFileHoldingTheSentinel() throws IOException {
        Path file = work.resolve("claude_desktop_config.json");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    {"mcpServers": {"leaky": {"command": "leaky-mcp", "env": {"SOME_API_KEY": "%s", "PLAIN": "%s"}},
                                    "leakyweb": {"type": "http", "url": "https://mcp.example.com/mcp?api_key=%s",
                                                 "headers": {"Authorization": "Bearer %s", "X-Key": "%s"}}}}
                    """.formatted(sentinel, sentinel, sentinel, sentinel, sentinel));
        }
        return file;
    }

    private String record(ContentResponse response) {
        String answer = response.getStatus() + " " + response.getHeaders() + "\n" + response.getContentAsString();
        answered.add(answer);
        return answer;
    }
}
