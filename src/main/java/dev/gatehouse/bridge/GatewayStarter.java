package dev.gatehouse.bridge;

import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.UnsafeHomeException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code connect --start}: runs {@code gatehouse serve} for the home as a detached process (its own session, so
 * the client's signals do not reach it; stdin from /dev/null; output appended to the home's {@value #LOG_FILE})
 * and waits, bounded, until its management socket answers. The command is fixed: the launcher that started the
 * bridge when it says so, else this JVM with this class path.
 */
final class GatewayStarter {

    static final String LOG_FILE = "gatehouse.log";
    /** Set by bin/gatehouse to its own path, so that a started gateway gets the launcher's JVM options. */
    static final String LAUNCHER_PROPERTY = "gatehouse.launcher";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    /** What {@code serve} exits with when another gateway holds the home: someone else started it, so wait on. */
    private static final int EXIT_ALREADY_RUNNING = 1;

    private final GatewayLocator locator;

    GatewayStarter(GatewayLocator locator) {
        this.locator = locator;
    }

    /** Starts a gateway and waits for it; fails with the log's path when it exits or does not answer in time. */
    void start() throws BridgeFailure {
        Path log;
        try {
            log = HomeLayout.at(locator.home()).prepare().ensurePrivateFile(LOG_FILE);
        } catch (UnsafeHomeException e) {
            throw BridgeFailure.failed(e.getMessage());
        } catch (IOException e) {
            throw BridgeFailure.failed("cannot prepare " + locator.home() + " for a gateway: " + e.getMessage());
        }
        Process serve;
        try {
            serve = new ProcessBuilder(command())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw BridgeFailure.failed("cannot run 'gatehouse serve': " + e.getMessage());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (locator.answers()) {
                return;
            }
            if (!serve.isAlive() && serve.exitValue() != EXIT_ALREADY_RUNNING) {
                throw BridgeFailure.failed("'gatehouse serve' exited with code " + serve.exitValue() + "; see " + log);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BridgeFailure.failed("interrupted while waiting for the gateway to start");
            }
        }
        throw BridgeFailure.failed("the gateway did not answer within " + START_TIMEOUT.toSeconds() + " s of"
                + " starting; see " + log);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            command.add(launcher);
        } else {
            command.add(ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.gatehouse.Main");
        }
        command.addAll(List.of("serve", "--home", locator.home().toString()));
        return command;
    }
}
