package dev.gatehouse.bridge;

import dev.gatehouse.testing.TestPeers;
import io.modelcontextprotocol.client.transport.ServerParameters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/gatehouse} run on the test classes ({@code GATEHOUSE_CLASSPATH}, so nothing is built), with the
 * management socket under the home rather than the machine's runtime directory, as {@code GatewayHome} puts it.
 */
final class BridgeProcesses {

    private BridgeProcesses() {
    }

    static Map<String, String> environment() {
        return Map.of("GATEHOUSE_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "XDG_RUNTIME_DIR", "");
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", TestPeers.projectDir().resolve("bin/gatehouse").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** What the SDK's stdio transport spawns. */
    static ServerParameters parameters(String... args) {
        List<String> command = command(args);
        return ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size()))
                .env(environment()).build();
    }

    static String initialize(String clientName) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"" + clientName + "\",\"version\":\"1\"}}}";
    }

    static Bridge start(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(environment());
        return new Bridge(builder.start());
    }

    /** A running bridge driven line by line; closing it kills it if it is still running. */
    static final class Bridge implements AutoCloseable {
        private final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder stderr = new StringBuilder();

        Bridge(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)), lines::add));
            Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8)), line -> {
                        synchronized (stderr) {
                            stderr.append(line).append('\n');
                        }
                    }));
        }

        private static void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The process ended: nothing more to read.
            }
        }

        void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** The next stdout line, failing after 90 s (a cold JVM on a loaded machine). */
        String readLine() throws InterruptedException {
            String line = lines.poll(90, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no line from the bridge within 90 s; stderr: " + stderr());
            }
            return line;
        }

        /** Every stdout line so far. */
        List<String> stdoutLines() {
            return List.copyOf(lines);
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString();
            }
        }

        void closeStdin() throws IOException {
            stdin.close();
        }

        int awaitExit(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the bridge did not exit within " + limit + "; stderr: " + stderr());
            }
            return process.exitValue();
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
