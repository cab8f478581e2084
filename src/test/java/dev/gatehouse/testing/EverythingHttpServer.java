package dev.gatehouse.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * server-everything over HTTP, bound to loopback by the preload, on a free port: {@code streamableHttp} serves
 * {@code /mcp}, {@code sse} serves {@code /sse}. Closing stops the process and its descendants.
 */
public final class EverythingHttpServer implements AutoCloseable {

    /** The transports server-everything can serve over HTTP. */
    public enum Mode {
        STREAMABLE_HTTP("streamableHttp", "/mcp"),
        SSE("sse", "/sse");

        private final String argument;
        private final String path;

        Mode(String argument, String path) {
            this.argument = argument;
            this.path = path;
        }
    }

    private final Process process;
    private final URI url;

    private EverythingHttpServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts it and waits (up to 30 s) until it accepts connections; its output goes to {@code log}. */
    public static EverythingHttpServer start(Mode mode, Path log) throws IOException, InterruptedException {
        return start(mode, log, Map.of(), List.of());
    }

    /**
     * Starts it with {@code environment} added to its own and each of {@code preloads} loaded (after the loopback
     * one) before it runs, as {@code node -r} does: a test's hooks into its HTTP server.
     */
    public static EverythingHttpServer start(Mode mode, Path log, Map<String, String> environment, List<Path> preloads)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(TestPeers.node22().toString(), "-r",
                TestPeers.loopbackPreload().toString()));
        preloads.forEach(preload -> command.addAll(List.of("-r", preload.toString())));
        command.addAll(List.of(TestPeers.serverEverythingEntry().toString(), mode.argument));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        EverythingHttpServer server = new EverythingHttpServer(builder.start(),
                URI.create("http://127.0.0.1:" + port + mode.path));
        try {
            server.awaitListening(port);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI url() {
        return url;
    }

    private void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server-everything exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server-everything did not listen on " + port + " within 30 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
