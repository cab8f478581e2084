package dev.gatehouse.conformance;

import dev.gatehouse.testing.TestPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the conformance suite's client scenarios one at a time against {@code gatehouse probe}, started from the
 * test classpath (the jar is not built during {@code verify}), each bounded in time.
 */
final class ClientScenarios {

    private static final Pattern PASSED = Pattern.compile("Passed: (\\d+)/(\\d+), (\\d+) failed, (\\d+) warnings");
    /** The Client ID Metadata Document URL the suite's auth/basic-cimd scenario expects as client id. */
    static final String CLIENT_METADATA_URL = "https://conformance-test.local/client-metadata.json";
    private static final Pattern SCENARIO_LINE = Pattern.compile("^\\s+- (\\S+)$");

    record Result(String scenario, int passed, int total, int failed, int warnings, int exitCode, String output) {
        boolean clean() {
            return exitCode == 0 && failed == 0 && warnings == 0 && output.contains("OVERALL: PASSED");
        }
    }

    private ClientScenarios() {
    }

    /** The probe as a command line for the harness, which appends the server URL and splits on spaces. */
    static String probeCommand() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (classpath.contains(" ") || java.contains(" ")) {
            throw new IllegalStateException("the harness splits its command on spaces; the classpath has one");
        }
        return String.join(" ", java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
                "dev.gatehouse.Main", "probe", "--oauth-headless", "--oauth-loopback", "--client-metadata-url",
                CLIENT_METADATA_URL);
    }

    /** The client scenarios a requirement set scores, as {@code conformance list} prints them. */
    static List<String> required(String requirements) throws IOException, InterruptedException {
        List<String> lines = run(List.of("list", "--client", "--requirements", requirements),
                TestPeers.projectDir().resolve("target/conformance-client"), 60).output().lines().toList();
        List<String> scenarios = new ArrayList<>();
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("Client scenarios")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no client scenarios listed:\n" + lines)));
        for (String line : lines.subList(start + 1, lines.size())) {
            Matcher scenario = SCENARIO_LINE.matcher(line);
            if (!scenario.matches()) {
                break;
            }
            scenarios.add(scenario.group(1));
        }
        return scenarios;
    }

    static Result run(String scenario, String specVersion, Path outputDir, Path expectedFailures)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("client", "--command", probeCommand(), "--scenario", scenario,
                "--spec-version", specVersion, "--timeout", "60000", "-o", outputDir.toString()));
        if (expectedFailures != null) {
            args.addAll(List.of("--expected-failures", expectedFailures.toString()));
        }
        Finished finished = run(args, outputDir, 180);
        Matcher passed = PASSED.matcher(finished.output());
        if (!passed.find()) {
            return new Result(scenario, 0, 0, 1, 0, finished.exitCode(), finished.output());
        }
        return new Result(scenario, Integer.parseInt(passed.group(1)), Integer.parseInt(passed.group(2)),
                Integer.parseInt(passed.group(3)), Integer.parseInt(passed.group(4)), finished.exitCode(),
                finished.output());
    }

    private record Finished(int exitCode, String output) {
    }

    private static Finished run(List<String> args, Path dir, int seconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = Files.createTempFile(dir, "conformance-", ".log");
        List<String> command = new ArrayList<>(List.of(TestPeers.node22().toString(),
                TestPeers.conformanceCli().toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("conformance " + args.getFirst() + " did not finish within "
                        + seconds + " s; output in " + log);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Finished(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
