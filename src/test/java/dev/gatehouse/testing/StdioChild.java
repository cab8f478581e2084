package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A child process spoken to in newline-delimited JSON over stdin/stdout, for tests that drive an MCP server
 * with raw lines. A daemon thread queues stdout lines; stderr is inherited. {@link #close()} ends the child.
 */
final class StdioChild implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    StdioChild(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(this::pumpStdout, "stdout of pid " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Writes one message as a line; the JSON may be any text without newlines. */
    void send(String json) {
        try {
            stdin.write((json.strip() + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("child stdin closed (alive=" + process.isAlive() + ")", e);
        }
    }

    /** The next message from the child, or an AssertionError naming what was awaited. */
    JsonNode next(Duration timeout) {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("no message from child within " + timeout + " (alive=" + process.isAlive()
                        + ")");
            }
            return JSON.readTree(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Messages until (and including) the response with this id; everything before it comes first. */
    List<JsonNode> untilResponse(int id, Duration timeout) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            seen.add(message);
            if (!message.has("method") && message.path("id").asInt(-1) == id) {
                return seen;
            }
        }
    }

    private void pumpStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child exited; next() reports the missing message
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
