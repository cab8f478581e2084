package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gatehouse serve --home HOME --port 0} as a real process of its own, its stdout and stderr collected whole
 * (so a test can search everything it printed and logged). Closing stops it with SIGTERM and waits.
 */
public final class ServeProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/mcp");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServeProcess(Process process) {
        this.process = process;
        collect(process.getInputStream(), true);
        collect(process.getErrorStream(), false);
    }

    /** Writes {@code configText} into a private {@code home} (created 0700 if needed) and starts serving it. */
    public static ServeProcess start(Path home, String configText, Map<String, String> environment)
            throws IOException {
        writeHome(home, configText);
        return start(home, environment);
    }

    private static void writeHome(Path home, String configText) throws IOException {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve("config.toml"), configText);
    }

    /** Serves {@code home} as it is. */
    public static ServeProcess start(Path home, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(GatewayHome.javaCommand("dev.gatehouse.Main", "serve", "--home",
                home.toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new ServeProcess(builder.start());
    }

    /**
     * As {@link #start(Path, String, Map)}, but through {@code bin/gatehouse} on the test classes, so with the JVM
     * options the launcher gives {@code serve}; the launcher execs the JVM, so {@link #pid()} is the gateway's.
     */
    public static ServeProcess startWithLauncher(Path home, String configText) throws IOException {
        writeHome(home, configText);
        ProcessBuilder builder = new ProcessBuilder("bash", TestPeers.projectDir().resolve("bin/gatehouse").toString(),
                "serve", "--home", home.toString(), "--port", "0");
        builder.environment().put("GATEHOUSE_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        builder.environment().put("XDG_RUNTIME_DIR", "");
        return new ServeProcess(builder.start());
    }

    public long pid() {
        return process.pid();
    }

    private void collect(InputStream stream, boolean watchForUrl) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    Matcher matcher = URL.matcher(line);
                    if (watchForUrl && matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                output.append("[reading the process output failed: ").append(e).append("]\n");
            } finally {
                port.completeExceptionally(new IllegalStateException("serve ended without printing its URL:\n"
                        + output));
            }
        });
    }

    /** The MCP plane's port, once serve has printed its URL (waiting up to a minute). */
    public int port() throws Exception {
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Everything serve wrote on stdout and stderr so far. */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
