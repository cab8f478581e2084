package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ScriptedStdioServer;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse secret …} and {@code gatehouse import} against a live gateway, in-process with a fake terminal:
 * what each prints and exits with, what reaches config.toml, the vault and the children, and that no output ever
 * holds a value.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SecretCliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECOND = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @TempDir
    static Path dir;
    private static GatewayHome home;
    private static RunningGateway gateway;
    private static final List<String> VALUES = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write(GatewayHome.scriptedServer("alpha",
                "env = { ALPHA_TOKEN = \"${secret:alpha-token}\" }") + "\n"
                + GatewayHome.scriptedServer("keeper", "env = { KEPT = \"${secret:kept}\" }"));
        gateway = home.start();
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
        assertThat(String.join("\n", VALUES)).isNotEmpty();
    }

    /** A value unique to this run, remembered so that every output can be searched for it. */
    private static String value(String prefix) {
        return value(prefix, 16);
    }

    private static String value(String prefix, int randomBytes) {
        byte[] random = new byte[randomBytes];
        ThreadLocalRandom.current().nextBytes(random);
        String value = prefix + HexFormat.of().formatHex(random);
        VALUES.add(value);
        return value;
    }

    private static Run gatehouse(ValueSource source, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home.root());
        return run(source, all);
    }

    private static Run run(ValueSource source, List<String> all) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == SecretSetCommand.class ? type.cast(new SecretSetCommand(source))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        int exit = new CommandLine(new Main(), factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        Run run = new Run(exit, out.toString(), err.toString());
        for (String value : VALUES) {
            assertThat(run.out() + run.err()).as("the output of %s", all).doesNotContain(value);
        }
        return run;
    }

    private static Run gatehouse(String... args) {
        return gatehouse(FakeValueSource.piped(""), args);
    }

    private static String state(String server) {
        return gateway.gateway().upstreams().upstream(server).map(u -> u.status().state().label()).orElse("absent");
    }

    /** The server's child pid, waiting for it: "ready" can be observed a moment before a restart's child is live. */
    private static long pid(String server) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> gateway.gateway().upstreams().upstream(server)
                        .map(u -> ((StdioUpstream) u).pid()).filter(java.util.OptionalLong::isPresent)
                        .map(java.util.OptionalLong::getAsLong).orElse(null),
                java.util.Objects::nonNull);
    }

    private static String childEnvironment(String server) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid(server)), "environ")),
                StandardCharsets.ISO_8859_1);
    }

    /** The server's own view of its environment, through the gateway: values come back redacted. */
    private static String envToolAnswer(String server) throws Exception {
        McpSessionClient client = new McpSessionClient(gateway.port(), "/s/" + server + "/mcp");
        client.initialize();
        return McpSessionClient.response(client.post("""
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"env","arguments":{}}}""")).toString();
    }

    private static JsonNode listed(String name) {
        for (JsonNode secret : JSON.readTree(gatehouse("secret", "list", "--json").out())) {
            if (secret.path("name").asString().equals(name)) {
                return secret;
            }
        }
        return null;
    }

    @Test
    void aPipedValueIsStoredAndTheServerWaitingForItRestartsWithItInItsEnvironmentOnly() throws Exception {
        String token = value("alpha-");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("alpha").equals("failed"));

        Run set = gatehouse(FakeValueSource.piped(token + "\n"), "secret", "set", "alpha-token");

        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("Stored new secret 'alpha-token'.", "Restarting alpha to use it.");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("alpha").equals("ready"));
        assertThat(childEnvironment("alpha")).contains("ALPHA_TOKEN=" + token + "\0");
        assertThat(childEnvironment("keeper")).doesNotContain(token);
        assertThat(envToolAnswer("alpha")).contains("\"ALPHA_TOKEN\":\"[secret:alpha-token]\"").doesNotContain(token);
    }

    @Test
    void aTerminalGetsANoEchoPromptAndReplacingSaysWhoKeepsTheOldValue() throws Exception {
        String first = value("kept-");
        String second = value("kept-");
        assertThat(gatehouse(FakeValueSource.piped(first), "secret", "set", "kept", "--no-restart").exit()).isZero();
        FakeValueSource terminal = FakeValueSource.typed(second);

        Run replaced = gatehouse(terminal, "secret", "set", "kept", "--no-restart");

        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(terminal.prompts).containsExactly("New value for 'kept' (hidden): ");
        assertThat(terminal.stdinRead).isFalse();
        assertThat(replaced.out()).contains("Replaced secret 'kept'.",
                "Still using the old value until restarted ('gatehouse server restart NAME'): keeper.");
    }

    @Test
    void aTerminalWithoutAConsoleIsRefusedRatherThanReadWithEcho() {
        FakeValueSource terminal = FakeValueSource.terminalWithoutConsole();

        Run refused = gatehouse(terminal, "secret", "set", "never-stored");

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("standard input is a terminal, but there is no console",
                "| gatehouse secret set never-stored");
        assertThat(terminal.stdinRead).isFalse();
        assertThat(listed("never-stored")).isNull();
    }

    @Test
    void aValueGivenAsAnArgumentIsRefusedWithoutBeingRepeated() {
        String pasted = value("sk-pasted-");
        FakeValueSource stdin = FakeValueSource.piped("unused");

        Run positional = gatehouse(stdin, "secret", "set", "pasted", pasted);
        Run option = gatehouse(stdin, "secret", "set", "pasted", "--value=" + pasted);

        for (Run run : List.of(positional, option)) {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("never from an argument");
        }
        assertThat(stdin.stdinRead).isFalse();
        assertThat(listed("pasted")).isNull();
    }

    @Test
    void nothingIsAskedForWhenNoGatewayRuns() {
        FakeValueSource terminal = FakeValueSource.typed("never-asked");

        Run set = run(terminal, List.of("secret", "set", "orphan", "--home=" + dir.resolve("elsewhere")));

        assertThat(set.exit()).isEqualTo(3);
        assertThat(set.err()).contains("the gateway is not running");
        assertThat(terminal.prompts).isEmpty();
    }

    @Test
    void aBadNameIsRefusedBeforeTheValueIsRead() {
        FakeValueSource slash = FakeValueSource.piped("unused");
        FakeValueSource tooLong = FakeValueSource.piped("unused");

        Run withSlash = gatehouse(slash, "secret", "set", "a/b");
        Run long257 = gatehouse(tooLong, "secret", "set", "n".repeat(257));

        assertThat(withSlash.exit()).isEqualTo(2);
        assertThat(withSlash.err()).contains("a secret name uses only A-Z, a-z, 0-9, '.', '_' and '-'");
        assertThat(long257.exit()).isEqualTo(1);
        assertThat(long257.err()).contains("257 characters is too long", "secret names use 1 to 256 characters");
        assertThat(slash.stdinRead).isFalse();
        assertThat(tooLong.stdinRead).isFalse();
    }

    @Test
    void listShowsNamesTimesAndReferencesIncludingMissingSecretsAndNeverValues() {
        String value = value("listed-");
        assertThat(gatehouse(FakeValueSource.piped(value), "secret", "set", "listed-one").exit()).isZero();

        Run table = gatehouse("secret", "list");

        assertThat(table.exit()).isZero();
        assertThat(table.out()).startsWith("NAME").contains("CREATED", "UPDATED", "REFERENCED BY")
                .containsPattern("(?m)^listed-one\\s+stored\\s+" + SECOND + "\\s+" + SECOND + "\\s+-$");
        JsonNode listed = listed("listed-one");
        assertThat(listed.path("stored").asBoolean()).isTrue();
        assertThat(listed.path("created").asString()).isNotEmpty();
        assertThat(listed.properties()).extracting(Map.Entry::getKey)
                .containsExactly("name", "stored", "created", "updated", "referencedBy");
    }

    @Test
    void deleteIsRefusedWhileReferencedAndForceSaysWhichServersWillFail() {
        assertThat(gatehouse(FakeValueSource.piped(value("doomed-")), "secret", "set", "doomed").exit()).isZero();
        assertThat(Files.exists(home.configFile())).isTrue();
        Run plain = gatehouse("secret", "delete", "doomed");
        Run unknown = gatehouse("secret", "delete", "no-such-secret");

        assertThat(plain.exit()).isZero();
        assertThat(plain.out()).contains("deleted secret 'doomed'");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no secret named 'no-such-secret' in the vault");

        assertThat(gatehouse(FakeValueSource.piped(value("kept-")), "secret", "set", "kept", "--no-restart").exit())
                .isZero();
        Run refused = gatehouse("secret", "delete", "kept");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("secret 'kept' is referenced by server(s) keeper", "--force");

        Run forced = gatehouse("secret", "delete", "kept", "--force");
        assertThat(forced.exit()).isZero();
        assertThat(forced.out())
                .contains("deleted secret 'kept'; still referenced by keeper: running servers keep the value");
        JsonNode missing = listed("kept");
        assertThat(missing.path("stored").asBoolean()).isFalse();
        assertThat(gatehouse("secret", "list").out()).containsPattern("(?m)^kept\\s+MISSING\\s+-\\s+-\\s+keeper$");
    }

    @Test
    void rotatingTheKeyKeepsEverySecretUsable() throws Exception {
        String token = value("rotated-");
        assertThat(gatehouse(FakeValueSource.piped(token), "secret", "set", "alpha-token").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> state("alpha").equals("ready"));

        Run rotated = gatehouse("secret", "rotate-key");
        Run json = gatehouse("secret", "rotate-key", "--json");

        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out())
                .containsPattern("Rotated the vault key: \\d+ secret\\(s\\) re-encrypted under data key");
        assertThat(JSON.readTree(json.out()).path("newKeyId").asString()).isNotBlank();
        assertThat(gatehouse("server", "restart", "alpha").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> state("alpha").equals("ready"));
        assertThat(childEnvironment("alpha")).contains("ALPHA_TOKEN=" + token + "\0");
    }

    @Test
    void statusAndDoctorShowTheKeyBackendReportWithTheWarningFirst() {
        Run status = gatehouse("status");
        Run doctor = gatehouse("doctor");
        JsonNode vault = JSON.readTree(gatehouse("status", "--json").out()).path("vault");

        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("  vault key: ", "    secret-service: ", "    env: ", "    file: ");
        assertThat(doctor.out()).containsPattern("(?m)^vault-key\\s+(ok|warn)\\s+")
                .containsPattern("(?m)^  file\\s+(in-use|available|unavailable)\\s+");
        if (!vault.path("warning").isNull()) {
            String warning = vault.path("warning").asString();
            assertThat(warning).startsWith("WARNING: the vault key is stored in");
            assertThat(status.out()).startsWith(warning + "\n");
            assertThat(doctor.out()).startsWith(warning + "\n");
            assertThat(doctor.out()).containsPattern("(?m)^vault-key\\s+warn\\s+");
        }
    }

    @Test
    void importMovesAnApiKeyAndAGithubShapedTokenIntoTheVaultDryRunFirst() throws Exception {
        String apiKey = value("sk-ant-api03-");
        String github = value("ghp_", 18);
        List<String> command = GatewayHome.javaCommand(ScriptedStdioServer.class.getName());
        Path file = dir.resolve("claude_desktop_config.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("mcpServers", Map.of("desktop", Map.of(
                "command", command.getFirst(), "args", command.subList(1, command.size()),
                "env", Map.of("ANTHROPIC_API_KEY", apiKey, "GH_CONFIG", github, "LOG_LEVEL", "debug"))))));
        String before = Files.readString(home.configFile());

        Run dryRun = gatehouse("import", file.toString(), "--dry-run");

        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("Read " + file, "  add server desktop",
                "  move desktop env.ANTHROPIC_API_KEY into the vault as desktop.ANTHROPIC_API_KEY",
                "  move desktop env.GH_CONFIG into the vault as desktop.GH_CONFIG",
                "Dry run: nothing was written.").doesNotContain("LOG_LEVEL");
        assertThat(Files.readString(home.configFile())).isEqualTo(before);
        assertThat(listed("desktop.ANTHROPIC_API_KEY")).isNull();

        Run imported = gatehouse("import", file.toString());

        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 1 server(s) and moved 2 value(s) into the vault");
        String config = Files.readString(home.configFile());
        assertThat(config).startsWith(before).contains("[servers.desktop]",
                "ANTHROPIC_API_KEY = \"${secret:desktop.ANTHROPIC_API_KEY}\"",
                "GH_CONFIG = \"${secret:desktop.GH_CONFIG}\"", "LOG_LEVEL = \"debug\"");
        assertThat(Files.readString(home.root().resolve("config.toml.bak"))).isEqualTo(before);
        assertThat(listed("desktop.GH_CONFIG").path("referencedBy").get(0).asString()).isEqualTo("desktop");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("desktop").equals("ready"));
        assertThat(childEnvironment("desktop")).contains("ANTHROPIC_API_KEY=" + apiKey + "\0",
                "GH_CONFIG=" + github + "\0");
        assertThat(envToolAnswer("desktop")).contains("[secret:desktop.GH_CONFIG]").doesNotContain(github, apiKey);

        Run again = gatehouse("import", file.toString());
        assertThat(again.out()).contains("skip server desktop: a server with this name is already configured");
    }

    @Test
    void importRefusesAnUnknownSourceWithTheClientsItKnows() {
        Run unknown = gatehouse("import", "emacs");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("SOURCE must be one of claude-desktop, cursor, vscode, claude-code, or an"
                + " existing client config file");
    }
}
