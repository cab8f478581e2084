package dev.gatehouse.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPeers;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official conformance suite's client scenarios against {@code gatehouse probe}: every scenario the
 * {@code 2025-11-25} and {@code 2026-07-28} requirement sets score passes, the authorization ones ({@code auth/*})
 * included: the probe signs in headlessly (the suite's authorization server approves at once). Totals go to
 * {@code target/conformance-client/summary.txt}.
 */
class ConformanceClientTest {

    private static final Path OUT = TestPeers.projectDir().resolve("target/conformance-client");
    private static final List<String> REQUIREMENTS = List.of("2025-11-25", "2026-07-28");

    static Stream<Arguments> scoredScenarios() throws IOException, InterruptedException {
        List<Arguments> scenarios = new ArrayList<>();
        for (String requirements : REQUIREMENTS) {
            ClientScenarios.required(requirements)
                    .forEach(scenario -> scenarios.add(Arguments.of(requirements, scenario)));
        }
        return scenarios.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scoredScenarios")
    @Timeout(240)
    void probePassesEveryScoredScenario(String requirements, String scenario) throws Exception {
        ClientScenarios.Result result = ClientScenarios.run(scenario, requirements,
                OUT.resolve(requirements), null);
        record(requirements, result);
        assertThat(result.clean()).as(result.output()).isTrue();
        assertThat(result.passed()).isPositive();
    }

    @Test
    @Timeout(240)
    void scenariosListedAsExpectedFailuresStillFailAsExpected() throws Exception {
        Path expected = Path.of(ConformanceClientTest.class.getResource("/conformance/expected-failures.yml").toURI());
        for (String scenario : expectedFailures(expected)) {
            ClientScenarios.Result result = ClientScenarios.run(scenario, "2025-11-25", OUT.resolve("expected"),
                    expected);
            record("expected failure", result);
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    private static List<String> expectedFailures(Path file) throws IOException, URISyntaxException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("  - "))
                .map(line -> line.substring(4).strip())
                .toList();
    }

    private static synchronized void record(String label, ClientScenarios.Result result) throws IOException {
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("summary.txt"), label + " " + result.scenario() + ": " + result.passed() + "/"
                        + result.total() + " passed, " + result.failed() + " failed, " + result.warnings()
                        + " warnings (exit " + result.exitCode() + ")\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
