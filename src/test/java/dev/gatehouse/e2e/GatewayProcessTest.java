package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.TestPeers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse serve} as a real process: what it prints and writes on first start, how it refuses a bad
 * config or an unsafe home, and that no child outlives it, whether it is stopped or killed.
 */
@Timeout(120)
class GatewayProcessTest {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/mcp");

    @TempDir
    Path temp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private Process serve(Path home) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.gatehouse.Main", "serve", "--home", home.toString(), "--port", "0").start();
        started.add(process);
        return process;
    }

    /** Reads stdout until the MCP URL appears; returns the port. */
    private static int awaitUrl(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher matcher = URL.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("serve ended without printing its URL: "
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String health(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private Path homeWithEverything() throws IOException {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve("config.toml"), """
                [servers.everything]
                command = "%s"
                args = ["%s", "stdio"]
                """.formatted(TestPeers.node22(), TestPeers.serverEverythingEntry()));
        return home;
    }

    @Test
    void firstStartWritesACommentedPrivateConfigAndServesTheBuiltInServer() throws Exception {
        Path home = temp.resolve("fresh");
        Process gateway = serve(home);
        int port = awaitUrl(gateway);
        Path config = home.resolve("config.toml");
        assertThat(Files.readString(config)).contains("# ").contains("[gateway]");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(health(port)).contains("\"name\":\"gatehouse\"", "\"state\":\"ready\"");
    }

    @Test
    void invalidConfigStopsTheStartWithLineColumnAndExitCode2() throws Exception {
        Path home = Files.createDirectories(temp.resolve("bad"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve("config.toml"), "[gateway]\nprot = 9470\n");
        Process gateway = serve(home);
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).isEqualTo(2);
        assertThat(new String(gateway.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("config.toml:2:1:").contains("prot");
    }

    @Test
    void groupWritableHomeIsRefusedWithExitCode2() throws Exception {
        Path home = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwx---"));
        Process gateway = serve(home);
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).isEqualTo(2);
        assertThat(new String(gateway.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("chmod 700");
    }

    @Test
    void noChildOutlivesAGatewayKilledWithSigkill() throws Exception {
        Process gateway = serve(homeWithEverything());
        int port = awaitUrl(gateway);
        await().atMost(Duration.ofSeconds(30)).until(() -> health(port).contains("\"state\":\"ready\"")
                && health(port).contains("everything"));
        List<ProcessHandle> children = gateway.descendants().toList();
        assertThat(children).isNotEmpty();
        Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(gateway.pid())}).waitFor();
        await().atMost(Duration.ofSeconds(5)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void sigtermStopsTheGatewayAndEveryChild() throws Exception {
        Process gateway = serve(homeWithEverything());
        int port = awaitUrl(gateway);
        await().atMost(Duration.ofSeconds(30)).until(() -> health(port).contains("everything\",\"state\":\"ready\""));
        List<ProcessHandle> children = gateway.descendants().toList();
        gateway.destroy();
        assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void launcherExitsWith2AndSaysWhyWhenNoJdk25Exists() throws Exception {
        Path launcher = TestPeers.projectDir().resolve("bin/gatehouse");
        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "--version");
        builder.environment().put("JAVA_HOME", temp.resolve("no-jdk").toString());
        builder.environment().put("GATEHOUSE_JDK_ROOTS", temp.resolve("no-jdks").toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("no JDK 25 or newer found");
    }
}
