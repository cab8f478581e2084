package dev.gatehouse.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves on this machine that a child spawned by {@link ChildSpawner} dies when the gateway JVM is killed with
 * SIGKILL (no shutdown hook runs), and, as a control, that it survives without setpriv.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildSpawnerDeathSignalTest {

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() {
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Starts a JVM that spawns {@code sleep} through a spawner; returns the JVM and the sleep's handle. */
    private ProcessHandle[] startProbe(String mode) throws IOException {
        List<String> command = new ArrayList<>(ScriptedServers.javaCommand());
        command.set(command.size() - 1, DeathSignalProbe.class.getName());
        command.add(mode);
        Process jvm = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(jvm.toHandle());
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        // Logback's default console appender shares stdout: skip to the probe's own line.
        String text = out.readLine();
        while (text != null && !text.matches("(true|false) \\d+")) {
            text = out.readLine();
        }
        assertThat(text).as("the probe's report").isNotNull();
        String[] line = text.split(" ");
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(line[1])).orElseThrow();
        started.add(grandchild);
        assertThat(Boolean.parseBoolean(line[0])).isEqualTo(mode.equals("pdeathsig"));
        assertThat(grandchild.parent().map(ProcessHandle::pid)).contains(jvm.pid());
        return new ProcessHandle[] {jvm.toHandle(), grandchild};
    }

    @Test
    void aChildOfAJvmKilledWithSigkillIsKilledByTheKernel() throws IOException {
        try (ChildSpawner spawner = ChildSpawner.start()) {
            assumeTrue(spawner.usesParentDeathSignal(), "setpriv --pdeathsig is not available here");
        }
        ProcessHandle[] probe = startProbe("pdeathsig");

        probe[0].destroyForcibly();

        await().atMost(Duration.ofSeconds(5)).until(() -> !probe[1].isAlive());
    }

    @Test
    void withoutSetprivTheChildOutlivesAJvmKilledWithSigkill() throws IOException, InterruptedException {
        ProcessHandle[] probe = startProbe("plain");

        probe[0].destroyForcibly();
        probe[0].onExit().join();
        Thread.sleep(1_000);

        assertThat(probe[1].isAlive()).as("control: the test would notice a surviving child").isTrue();
    }
}
