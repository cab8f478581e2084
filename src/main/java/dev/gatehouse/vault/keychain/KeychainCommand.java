package dev.gatehouse.vault.keychain;

import dev.gatehouse.vault.KeyBackendException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a keychain's command-line tool ({@code secret-tool}, {@code security}) with a bounded time, a key only
 * ever on stdin or stdout (never in the arguments, which every local user can read), and an environment cut
 * down to what the tool needs to find the user's session. A tool that does not answer in time (a locked
 * keychain waiting for a prompt nobody sees) is killed and reported, never waited on.
 */
final class KeychainCommand {

    /** Just enough of the environment to reach the user's session bus or keychain. */
    static final List<String> PASSED_ENVIRONMENT = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG",
            "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY");
    private static final int MAX_OUTPUT = 16 * 1024;

    /** What the tool did; {@code stdout} holds key material and must be wiped by the caller. */
    record Outcome(int exitCode, byte[] stdout, String stderr) {
        void wipe() {
            Arrays.fill(stdout, (byte) 0);
        }
    }

    /** The tool ran past its time and was killed. */
    static final class TimedOut extends Exception {
        TimedOut(String tool, Duration timeout) {
            super(tool + " did not answer within " + timeout.toMillis() + " ms (is the keychain locked and"
                    + " waiting for a password prompt?)", null, false, false);
        }
    }

    private final Path executable;
    private final Map<String, String> environment;
    private final Duration timeout;

    private KeychainCommand(Path executable, Map<String, String> environment, Duration timeout) {
        this.executable = executable;
        this.environment = environment;
        this.timeout = timeout;
    }

    /** The tool found on the environment's PATH, or empty when it is not installed. */
    static Optional<KeychainCommand> find(String tool, Map<String, String> environment, Duration timeout) {
        String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new KeychainCommand(candidate, environment, timeout));
            }
        }
        return Optional.empty();
    }

    String tool() {
        return executable.getFileName().toString();
    }

    /** As {@link #run}, with a timeout or a failure to start turned into the backend's error. */
    Outcome call(List<String> arguments, byte[] stdin) throws KeyBackendException {
        try {
            return run(arguments, stdin);
        } catch (TimedOut e) {
            throw new KeyBackendException(e.getMessage());
        } catch (IOException e) {
            throw new KeyBackendException(tool() + " could not be run (" + e.getClass().getSimpleName() + ")");
        }
    }

    Outcome run(List<String> arguments, byte[] stdin) throws IOException, TimedOut {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> childEnvironment = builder.environment();
        childEnvironment.clear();
        for (String name : PASSED_ENVIRONMENT) {
            String value = environment.get(name);
            if (value != null) {
                childEnvironment.put(name, value);
            }
        }
        builder.directory(new File("/"));
        Process process = builder.start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException exitedEarly) {
                // The tool may exit before reading its input (no session bus); its exit code says why.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new TimedOut(tool(), timeout);
            }
            byte[] out = readBounded(process.getInputStream());
            byte[] err = readBounded(process.getErrorStream());
            return new Outcome(process.exitValue(), out, firstLine(err));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + tool());
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Output is read after exit: it is a few lines at most, well within a pipe's buffer. */
    private static byte[] readBounded(InputStream stream) throws IOException {
        try (stream) {
            return stream.readNBytes(MAX_OUTPUT);
        }
    }

    private static String firstLine(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
