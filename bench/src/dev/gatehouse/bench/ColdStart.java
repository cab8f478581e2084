package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The cold start of a stdio MCP server command, as a client that spawns it sees it: from spawning the process to
 * reading the answer to {@code initialize} on its stdout. Each run then closes stdin and waits for the process to
 * exit before the next one starts, so runs never overlap.
 *
 * <p>usage: {@code ColdStart --label NAME [--runs N] [--warmup N] -- COMMAND ARGS...}; prints one Markdown table
 * row: label, runs, min, p50, p90, max in milliseconds.
 */
public final class ColdStart {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-bench\","
            + "\"version\":\"1\"}}}\n";

    private ColdStart() {
    }

    public static void main(String[] argv) throws Exception {
        String label = "command";
        int runs = 20;
        int warmup = 2;
        int dash = Arrays.asList(argv).indexOf("--");
        if (dash < 0 || dash == argv.length - 1) {
            System.err.println("usage: ColdStart --label NAME [--runs N] [--warmup N] -- COMMAND ARGS...");
            System.exit(2);
        }
        for (int i = 0; i + 1 < dash; i += 2) {
            switch (argv[i]) {
                case "--label" -> label = argv[i + 1];
                case "--runs" -> runs = Integer.parseInt(argv[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(argv[i + 1]);
                default -> {
                    System.err.println("ColdStart: unknown option " + argv[i]);
                    System.exit(2);
                }
            }
        }
        List<String> command = List.of(Arrays.copyOfRange(argv, dash + 1, argv.length));
        for (int i = 0; i < warmup; i++) {
            once(command);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            millis[i] = once(command) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", label, runs, millis[0],
                percentile(millis, 0.5), percentile(millis, 0.9), millis[runs - 1]);
    }

    /** One spawn: nanoseconds to the answer to initialize. */
    private static long once(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String answer = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            long elapsed = System.nanoTime() - start;
            if (answer == null || !answer.contains("\"result\"")) {
                throw new IllegalStateException("no answer to initialize from " + command + ": " + answer);
            }
            stdin.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the command did not exit within 30 s of its stdin closing");
            }
            return elapsed;
        } finally {
            process.destroyForcibly();
        }
    }

    private static double percentile(double[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
