package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Main;
import dev.gatehouse.testing.GatewayHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret commands as a user runs them: {@code gatehouse serve} and every CLI call are real processes, with an
 * environment the test controls (no keychain, no master key: the key file and its warning; a user home holding a
 * Claude Desktop config). Standard input is a real pipe, or a real pseudo-terminal made by util-linux
 * {@code script}, so the no-echo prompt and the refusal to read a terminal with echo are the JDK's own.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SecretTerminalTest {

    private static final String WARNING = "WARNING: the vault key is stored in";

    @TempDir
    static Path dir;
    private static Path home;
    private static Path userHome;
    private static Process serve;
    private static final ByteArrayOutputStream SERVE_ERR = new ByteArrayOutputStream();

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startServe() throws Exception {
        home = dir.resolve("home");
        userHome = Files.createDirectories(dir.resolve("user"));
        Path claude = Files.createDirectories(userHome.resolve(".config/Claude"));
        Files.writeString(claude.resolve("claude_desktop_config.json"), """
                {"mcpServers": {"notes": {"command": "notes-mcp", "env": {"NOTES_API_KEY": "sk-notes-%s"}}}}
                """.formatted("9".repeat(24)));
        ProcessBuilder builder = new ProcessBuilder(java(Main.class.getName(), "serve", "--home=" + home,
                "--port=0"));
        environment(builder.environment());
        serve = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.ofVirtual().start(() -> copy(serve.getErrorStream(), SERVE_ERR));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> gatehouse(null, "status", "--json").exit() == 0);
    }

    @AfterAll
    static void stopServe() throws Exception {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    /** The JVM options put the user home where the test wants it and let the CLI ask isatty() without a warning. */
    private static List<String> java(String mainClass, String... args) {
        List<String> command = GatewayHome.javaCommand(mainClass, args);
        command.addAll(1, List.of("-Duser.home=" + userHome, "--enable-native-access=ALL-UNNAMED"));
        return command;
    }

    private static void environment(Map<String, String> env) {
        for (String variable : List.of("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "GATEHOUSE_MASTER_KEY", "GATEHOUSE_HOME",
                "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "APPDATA")) {
            env.remove(variable);
        }
        env.put("HOME", userHome.toString());
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // The process ended; what it wrote is in the buffer.
        }
    }

    /** Runs the CLI as a process with {@code stdin} piped in (nothing when null), from {@code directory}. */
    private static Run gatehouse(String stdin, Path directory, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home);
        ProcessBuilder builder = new ProcessBuilder(java(Main.class.getName(), all.toArray(String[]::new)));
        environment(builder.environment());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errors = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            errors.join(Duration.ofSeconds(10));
            return new Run(process.exitValue(), out, err.toString(StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static Run gatehouse(String stdin, String... args) throws Exception {
        return gatehouse(stdin, null, args);
    }

    /**
     * Runs the CLI on a pseudo-terminal through {@code script}: {@code shellSuffix} is appended to the command
     * (a redirection); {@code typed} is typed once {@code waitFor} has appeared on the terminal. Returns what the
     * terminal showed.
     */
    private static String onTerminal(String shellSuffix, String waitFor, String typed, String... args)
            throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home);
        String command = String.join(" ", java(Main.class.getName(), all.toArray(String[]::new)).stream()
                .map(SecretTerminalTest::shellQuote).toList()) + shellSuffix;
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null");
        environment(builder.environment());
        Process process = builder.redirectErrorStream(true).start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), screen));
        try (OutputStream keyboard = process.getOutputStream()) {
            if (typed != null) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> screen.toString(StandardCharsets.UTF_8).contains(waitFor));
                keyboard.write((typed + "\n").getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        reader.join(Duration.ofSeconds(10));
        return screen.toString(StandardCharsets.UTF_8);
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Test
    void serveStatusAndDoctorWarnFirstThatTheKeyFileSitsBesideTheVault() throws Exception {
        assertThat(gatehouse("first-value-for-a-key\n", "secret", "set", "first").exit()).isZero();

        Run status = gatehouse(null, "status");
        Run doctor = gatehouse(null, "doctor");

        assertThat(SERVE_ERR.toString(StandardCharsets.UTF_8)).contains("gatehouse: " + WARNING + " " + home);
        assertThat(status.out()).startsWith(WARNING + " " + home.resolve("vault.key"));
        assertThat(status.out()).contains("  vault key: protected by key file " + home.resolve("vault.key"),
                "    env: unavailable - GATEHOUSE_MASTER_KEY is not set", "    file: in use - ");
        assertThat(doctor.out()).startsWith(WARNING).containsPattern("(?m)^vault-key\\s+warn\\s+protected by key file")
                .containsPattern("(?m)^  secret-service\\s+unavailable\\s+");
    }

    @Test
    void aValuePipedIntoTheProcessIsStoredAndNeverPrinted() throws Exception {
        Run set = gatehouse("piped-value-0c1d2e3f\n", "secret", "set", "piped");
        Run list = gatehouse(null, "secret", "list");

        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("Stored new secret 'piped'.").doesNotContain("piped-value");
        assertThat(list.out()).containsPattern("(?m)^piped\\s+stored\\s+").doesNotContain("piped-value");
    }

    @Test
    void onATerminalTheValueIsPromptedForWithoutEcho() throws Exception {
        String screen = onTerminal("", "(hidden): ", "typed-value-5a6b7c8d", "secret", "set", "typed");

        assertThat(screen).contains("Value for 'typed' (hidden): ", "Stored new secret 'typed'.")
                .doesNotContain("typed-value");
        assertThat(gatehouse(null, "secret", "list").out()).containsPattern("(?m)^typed\\s+stored\\s+");
    }

    @Test
    void aTerminalWhoseOutputIsRedirectedIsRefusedRatherThanReadWithEcho() throws Exception {
        Path out = dir.resolve("redirected.out");

        String screen = onTerminal(" > " + shellQuote(out.toString()) + "; echo exit=$?", null, null,
                "secret", "set", "redirected");

        assertThat(screen).contains("standard input is a terminal, but there is no console", "exit=2");
        assertThat(Files.readString(out)).isEmpty();
        assertThat(gatehouse(null, "secret", "list").out()).doesNotContain("redirected");
    }

    @Test
    void importFindsClaudeDesktopInTheUsersConfigAndCursorInTheCurrentProject() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/.cursor")).getParent();
        Files.writeString(project.resolve(".cursor/mcp.json"), """
                {"mcpServers": {"db": {"command": "db-mcp", "env": {"DATABASE_PASSWORD": "pw-%s"}}}}
                """.formatted("7".repeat(20)));

        Run desktop = gatehouse(null, "import", "claude-desktop", "--dry-run");
        Run cursor = gatehouse(null, project, "import", "cursor", "--dry-run");

        assertThat(desktop.exit()).as(desktop.err()).isZero();
        assertThat(desktop.out()).contains("Read " + userHome.resolve(".config/Claude/claude_desktop_config.json"),
                "move notes env.NOTES_API_KEY into the vault as notes.NOTES_API_KEY").doesNotContain("sk-notes");
        assertThat(cursor.exit()).as(cursor.err()).isZero();
        assertThat(cursor.out()).contains("Read " + project.resolve(".cursor/mcp.json"),
                "move db env.DATABASE_PASSWORD into the vault as db.DATABASE_PASSWORD").doesNotContain("pw-777");
    }
}
