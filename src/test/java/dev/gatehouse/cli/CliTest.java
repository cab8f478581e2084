package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code gatehouse} client commands against a live gateway: output, files written and exit codes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COMMENT = "# Servers I use every day.";

    @TempDir
    static Path dir;
    private static GatewayHome home;
    private static RunningGateway gateway;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(COMMENT + "\n" + GatewayHome.scriptedServer("alpha"));
        gateway = home.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> state("alpha").equals("ready"));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
    }

    private static Run gatehouse(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home.root());
        return run(all);
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String state(String server) {
        Run list = gatehouse("server", "list", "--json");
        for (JsonNode entry : JSON.readTree(list.out())) {
            if (entry.path("name").asString().equals(server)) {
                return entry.path("state").asString();
            }
        }
        return "absent";
    }

    private static int restarts(String server) {
        JsonNode detail = JSON.readTree(gatehouse("server", "show", server, "--json").out());
        return detail.path("summary").path("restarts").asInt();
    }

    @Test
    void statusShowsTheGatewayAndEachServer() {
        Run status = gatehouse("status");

        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("endpoint: " + gateway.mcpUrl(), "config:   ok")
                .containsPattern("(?m)^alpha\\s+stdio\\s+eager\\s+ready\\s+\\d+");
    }

    @Test
    void statusAsJsonIsTheApiAnswer() {
        Run status = gatehouse("status", "--json");

        JsonNode json = JSON.readTree(status.out());
        assertThat(status.exit()).isZero();
        assertThat(json.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(json.path("servers").size()).isEqualTo(2);
    }

    @Test
    void showsAServerAndItsStderr() {
        Run show = gatehouse("server", "show", "alpha");
        Run logs = gatehouse("server", "logs", "alpha");

        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("alpha (stdio, start eager)", "state:    ready");
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).contains("scripted server starting");
    }

    @Test
    void addsDisablesEnablesAndRemovesAServerKeepingTheUsersComments() throws Exception {
        List<String> add = new ArrayList<>(List.of("server", "add", "beta", "--home=" + home.root(), "--"));
        add.addAll(GatewayHome.javaCommand("dev.gatehouse.testing.ScriptedStdioServer"));

        Run added = run(add);
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added 'beta' to config.toml");
        assertThat(Files.readString(home.configFile())).startsWith(COMMENT).contains("[servers.beta]");
        assertThat(home.root().resolve("config.toml.bak")).exists();
        await().atMost(Duration.ofSeconds(60)).until(() -> state("beta").equals("ready"));

        Run disabled = gatehouse("server", "disable", "beta");
        assertThat(disabled.out()).contains("disabled 'beta'");
        assertThat(state("beta")).isEqualTo("disabled");
        assertThat(Files.readString(home.configFile())).contains("[servers.beta]\nenabled = false\n");

        assertThat(gatehouse("server", "enable", "beta").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> state("beta").equals("ready"));

        Run removed = gatehouse("server", "remove", "beta");
        assertThat(removed.exit()).isZero();
        assertThat(state("beta")).isEqualTo("absent");
        assertThat(Files.readString(home.configFile())).startsWith(COMMENT).doesNotContain("beta");
    }

    @Test
    void addsARemoteServerWhichIsListedAsFailedWhileItCannotBeReached() throws Exception {
        Run added = gatehouse("server", "add", "docs", "--url", "http://127.0.0.1:1/mcp", "--header",
                "X-Team=docs");

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(Files.readString(home.configFile())).contains("[servers.docs]\nurl = \"http://127.0.0.1:1/mcp\"\n"
                + "headers = { X-Team = \"docs\" }\n");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gatehouse("server", "list").out())
                .containsPattern("(?m)^docs\\s+streamable-http\\s+eager\\s+failed\\s+\\d+\\s+.*could not reach it"));
        assertThat(gatehouse("server", "remove", "docs").exit()).isZero();
    }

    @Test
    void addsARemoteServerWithItsOAuthClientAndPoliciesAsTheUserWouldWriteThem() throws Exception {
        Run added = gatehouse("server", "add", "vendor", "--url", "http://127.0.0.1:1/mcp", "--client-id",
                "gatehouse-desktop", "--client-secret", "vendor-client", "--scope", "files:read", "--scope",
                "files:write", "--capture", "metadata", "--deny-tool", "delete_*", "--approve-new-tools", "manual");

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(Files.readString(home.configFile())).contains("""
                [servers.vendor]
                url = "http://127.0.0.1:1/mcp"
                capture = "metadata"
                deny_tools = ["delete_*"]
                approve_new_tools = "manual"

                [servers.vendor.oauth]
                client_id = "gatehouse-desktop"
                client_secret = "${secret:vendor-client}"
                scopes = ["files:read", "files:write"]
                """);
        assertThat(gatehouse("server", "remove", "vendor").exit()).isZero();
    }

    @Test
    void refusesAnOAuthClientSecretThatIsNotAVaultNameAndRemoteOptionsOnAStdioServer() throws Exception {
        String before = Files.readString(home.configFile());

        Run literal = gatehouse("server", "add", "vendor", "--url", "http://127.0.0.1:1/mcp", "--client-id", "app",
                "--client-secret", "s3cr3t value!");
        Run stdioWithAuth = gatehouse("server", "add", "local", "--auth", "oauth", "--", "notes");

        assertThat(literal.exit()).isEqualTo(1);
        assertThat(literal.err()).contains("'oauth.clientSecret' is the name of a vault secret")
                .doesNotContain("s3cr3t");
        assertThat(stdioWithAuth.exit()).isEqualTo(2);
        assertThat(Files.readString(home.configFile())).isEqualTo(before);
    }

    @Test
    void restartsAServer() {
        int before = restarts("alpha");

        Run restart = gatehouse("server", "restart", "alpha");

        assertThat(restart.exit()).isZero();
        assertThat(restart.out()).contains("restarting 'alpha'");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("alpha").equals("ready"));
        assertThat(restarts("alpha")).isEqualTo(before + 1);
    }

    @Test
    void failsWithExitOneAndTheApiDetailForAnUnknownServer() {
        Run unknown = gatehouse("server", "remove", "nope");

        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("gatehouse: no server named 'nope'");
    }

    @Test
    void validatesACandidateFileWithLineAndColumn() throws Exception {
        Path candidate = Files.writeString(dir.resolve("candidate.toml"), "[gateway]\nprot = 1\n");
        Path good = Files.writeString(dir.resolve("good.toml"), "[gateway]\nport = 1\n");

        Run bad = gatehouse("config", "validate", candidate.toString());
        Run fine = gatehouse("config", "validate", good.toString());

        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).startsWith("config.toml:2:1: unknown key 'prot' in [gateway]");
        assertThat(fine.exit()).isZero();
        assertThat(fine.out()).contains("is valid");
    }

    @Test
    void reloadsTheConfigOnRequest() {
        Run reload = gatehouse("config", "reload");

        assertThat(reload.exit()).isZero();
        assertThat(reload.out()).startsWith("applied:");
    }

    @Test
    void exitsThreeWithAHintWhenNoGatewayRuns() {
        Run status = run(List.of("status", "--home=" + dir.resolve("elsewhere")));

        assertThat(status.exit()).isEqualTo(3);
        assertThat(status.err()).contains("the gateway is not running", "start it with 'gatehouse serve'");
    }

    @Test
    void exitsTwoOnUsageErrors() {
        assertThat(gatehouse("server", "add", "gamma").exit()).isEqualTo(2);
        assertThat(gatehouse("server", "frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void printsCompletionScriptsForEachShell() {
        assertThat(run(List.of("completion", "bash")).out()).contains("complete -F");
        assertThat(run(List.of("completion", "zsh")).out()).contains("bashcompinit");
        assertThat(run(List.of("completion", "fish")).out())
                .contains("complete -c gatehouse -n '__fish_use_subcommand' -a status");
    }

    @Test
    void doctorChecksTheSetup() {
        Run doctor = gatehouse("doctor");

        assertThat(doctor.exit()).as(doctor.out()).isZero();
        assertThat(doctor.out()).containsPattern("(?m)^jdk\\s+ok").containsPattern("(?m)^socket\\s+ok")
                .containsPattern("(?m)^home\\s+ok");
    }

    @Test
    void theLauncherWorksAsARealProcess() throws Exception {
        List<String> command = GatewayHome.javaCommand(Main.class.getName(), "status", "--json",
                "--home=" + home.root());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(JSON.readTree(out).path("mcpUrl").asString()).isEqualTo(gateway.mcpUrl().toString());
        } finally {
            process.destroyForcibly();
        }
    }
}
