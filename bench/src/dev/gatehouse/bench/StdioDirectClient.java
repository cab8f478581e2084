package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "direct" baseline: spawns the echo server and drives it over its stdio pipe, with any number of
 * requests in flight at once, told apart by JSON-RPC id — the same multiplexing a gateway does on one
 * upstream process.
 *
 * <p>Concurrency: callers write whole lines under {@code writeLock}; the reader thread alone reads stdout and
 * completes the caller's future from {@code pending}, which is the only state the two sides share.
 */
final class StdioDirectClient implements AutoCloseable {

    private final Process process;
    private final ToolCall call;
    private final Duration timeout;
    private final Object writeLock = new Object();
    private final Writer stdin; // guarded by writeLock
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile IOException failure;

    private StdioDirectClient(Process process, ToolCall call, Duration timeout) {
        this.process = process;
        this.call = call;
        this.timeout = timeout;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                1 << 16);
        Thread.ofPlatform().daemon().name("stdio-reader").start(this::readAnswers);
    }

    /** Starts {@code command} and performs the handshake. */
    static StdioDirectClient start(List<String> command, ToolCall call, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var client = new StdioDirectClient(process, call, timeout);
        try {
            long id = client.nextId.getAndIncrement();
            Handshake.negotiatedVersion(client.roundTrip(id, Handshake.initializeRequest(id)), id);
            client.write(Handshake.INITIALIZED);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** A per-worker view; every view shares this client's pipe, and closing a view leaves the pipe open. */
    McpSession session() {
        return new McpSession() {
            @Override
            public void callTool() throws IOException, InterruptedException {
                long id = nextId.getAndIncrement();
                ToolCall.checkAnswer(roundTrip(id, call.request(id)), id);
            }

            @Override
            public void close() {
            }
        };
    }

    private String roundTrip(long id, String request) throws IOException, InterruptedException {
        var answer = new CompletableFuture<String>();
        pending.put(id, answer);
        try {
            write(request);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer to request " + id + " within " + timeout.toMillis() + " ms (pending="
                    + pending.size() + ", alive=" + process.isAlive() + ")");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    private void write(String line) throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        synchronized (writeLock) {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        }
    }

    private void readAnswers() {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8),
                1 << 16)) {
            String line;
            while ((line = out.readLine()) != null) {
                String id = JsonText.member(line, "id");
                CompletableFuture<String> answer = id == null ? null : pending.get(parseId(id));
                if (answer != null) {
                    answer.complete(line);
                }
            }
            fail(new IOException("echo server closed stdout (alive=" + process.isAlive() + ")"));
        } catch (IOException | IllegalArgumentException e) {
            fail(new IOException("reading the echo server's stdout failed: " + e.getMessage(), e));
        }
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void fail(IOException cause) {
        failure = cause;
        pending.values().forEach(answer -> answer.completeExceptionally(cause));
    }

    @Override
    public void close() {
        try {
            synchronized (writeLock) {
                stdin.close();
            }
        } catch (IOException ignored) {
            // the process is going away either way
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
