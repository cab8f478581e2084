package dev.gatehouse.conformance;

import dev.gatehouse.testing.TestPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the official conformance suite's server scenarios against a URL, with Node 22, bounded in time. */
final class ConformanceSuite {

    /** A run's totals. */
    private static final Pattern TOTAL = Pattern.compile("Total: (\\d+) passed, (\\d+) failed");

    record Result(int passed, int failed, int exitCode, String output) {
    }

    private ConformanceSuite() {
    }

    /** Runs the suite; {@code extra} are further CLI arguments, such as an expected-failures baseline. */
    static Result run(String url, String requirements, Path outputDir, String... extra)
            throws IOException, InterruptedException {
        Files.createDirectories(outputDir);
        Path log = outputDir.resolve("suite.log");
        List<String> command = new java.util.ArrayList<>(List.of(TestPeers.node22().toString(),
                TestPeers.conformanceCli().toString(), "server", "--url", url));
        command.addAll(List.of("--requirements", requirements));
        command.addAll(List.of("-o", outputDir.toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(8, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the conformance suite did not finish within 8 minutes");
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher total = TOTAL.matcher(output);
        if (!total.find()) {
            throw new IllegalStateException("no total in the suite's output:\n" + output);
        }
        return new Result(Integer.parseInt(total.group(1)), Integer.parseInt(total.group(2)), process.exitValue(),
                output);
    }
}
