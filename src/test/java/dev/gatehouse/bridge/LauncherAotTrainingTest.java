package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.TestPeers;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache for {@code connect}, end to end: the real {@code bin/gatehouse}, copied into a
 * temporary project whose {@code target/} holds a jar laid out as the build lays it out ({@code gatehouse.jar} and
 * {@code lib/}), so the cache it trains lands there and nowhere else. A first {@code connect} finds no cache,
 * answers at once and leaves the training to a detached background run; the cache appears afterwards, and the next
 * {@code connect} loads its classes from it (seen through {@code GATEHOUSE_CONNECT_XLOG}).
 */
@Timeout(720)
class LauncherAotTrainingTest {

    private static final String FROM_CACHE = "dev.gatehouse.bridge.ConnectMain source: shared objects file";
    /** Training waits 5 s, starts a gateway and a connect, then the JVM assembles the cache: slow on a busy machine. */
    private static final Duration TRAINING = Duration.ofMinutes(8);

    @TempDir
    Path temp;
    private Path project;
    private RunningGateway gateway;
    private GatewayHome home;

    @BeforeEach
    void layOutAProjectAndStartAGateway() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25,
                "the JDK running the tests (" + Runtime.version() + ") cannot write AOT caches with"
                        + " -XX:AOTCacheOutput, which needs JDK 25 or newer");
        project = temp.resolve("project");
        Files.createDirectories(project.resolve("bin"));
        Files.createDirectories(temp.resolve("tmp"));
        Path launcher = project.resolve("bin/gatehouse");
        Files.copy(TestPeers.projectDir().resolve("bin/gatehouse"), launcher);
        launcher.toFile().setExecutable(true);
        buildJar(project.resolve("target"));
        home = new GatewayHome(temp.resolve("home")).write("");
        gateway = home.start();
    }

    @AfterEach
    void stopEverythingStarted() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (project != null) {
            // The background training is detached from the bridge; every process it started names this test's
            // temporary directory on its command line (the launcher copy, the jar, the training home).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !Files.exists(project.resolve("target/connect.aot.lock")));
            String mine = temp.toString();
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(line -> line.contains(mine)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aFirstConnectAnswersAtOnceTrainsInTheBackgroundAndTheNextConnectLoadsFromTheCache() throws Exception {
        Path cache = project.resolve("target/connect.aot");
        Path firstLog = temp.resolve("first-classes.log");
        try (BridgeProcesses.Bridge first = connect(firstLog)) {
            first.send(BridgeProcesses.initialize("first"));
            assertThat(first.readLine()).contains("\"serverInfo\"");
            // Answered while the training (which first waits 5 s) has not produced a cache: nobody waited for it.
            assertThat(cache).doesNotExist();
            first.closeStdin();
            assertThat(first.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        assertThat(Files.readString(firstLog)).contains("dev.gatehouse.bridge.ConnectMain source: file:")
                .doesNotContain(FROM_CACHE);

        await().atMost(TRAINING).pollInterval(Duration.ofSeconds(1)).until(() -> Files.exists(cache));
        assertThat(Files.size(cache)).isPositive();

        Path nextLog = temp.resolve("next-classes.log");
        try (BridgeProcesses.Bridge next = connect(nextLog)) {
            next.send(BridgeProcesses.initialize("next"));
            assertThat(next.readLine()).contains("\"serverInfo\"");
            next.closeStdin();
            assertThat(next.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(next.stderr()).doesNotContain("[warning]");
        }
        assertThat(Files.readString(nextLog)).contains(FROM_CACHE);

        Process fresh = launcher("aot-cache").start();
        try {
            assertThat(fresh.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(fresh.exitValue()).as("aot-cache with a fresh cache succeeds without training").isZero();
        } finally {
            fresh.destroyForcibly();
        }
    }

    private BridgeProcesses.Bridge connect(Path classLog) throws IOException {
        ProcessBuilder builder = launcher("connect", "--home", home.root().toString());
        builder.environment().put("GATEHOUSE_CONNECT_XLOG", "class+load=info:file=" + classLog);
        return new BridgeProcesses.Bridge(builder.start());
    }

    /** The copied launcher with this JDK, nothing of the caller's Gatehouse settings, and temporary files here. */
    private ProcessBuilder launcher(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", project.resolve("bin/gatehouse").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEHOUSE_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_RUNTIME_DIR", "");
        builder.environment().put("TMPDIR", temp.resolve("tmp").toString());
        return builder;
    }

    /**
     * {@code target/gatehouse.jar} with the main classes and a manifest naming {@code lib/*.jar}, the dependencies
     * copied from this test's class path, as the build's jar and dependency plugins lay them out.
     */
    private static void buildJar(Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(lib.resolve(jar.getFileName()))) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                classPath.add("lib/" + jar.getFileName());
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.gatehouse.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        Path classes = TestPeers.projectDir().resolve("target/classes");
        try (OutputStream file = Files.newOutputStream(target.resolve("gatehouse.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, jar);
                jar.closeEntry();
            }
        }
    }
}
