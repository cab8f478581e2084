package dev.gatehouse.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ConformanceFixtureServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code gatehouse probe} against the project's stdio fixture server, and its refusals of bad input. */
@Timeout(120)
class ProbeCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run probe(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand(environment));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] withFixture(String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add("--");
        args.addAll(ConformanceFixtureServer.command());
        return args.toArray(String[]::new);
    }

    @Test
    void showsAStdioServersEraCapabilitiesAndListsAsText() {
        Run run = probe(Map.of(), withFixture());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Protocol      2025-11-25 (legacy era) over stdio", "Tools (",
                "  test_simple_text  Tests simple text content response", "Prompts (", "test_prompt_with_arguments(",
                "Resources (", "test://static-text");
    }

    @Test
    void callsOneToolAndPrintsEverythingAsJson() {
        Run run = probe(Map.of(), withFixture("--json", "--call", "test_simple_text"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(run.out());
        assertThat(report.path("era").asString()).isEqualTo("legacy");
        assertThat(report.path("transport").asString()).isEqualTo("stdio");
        assertThat(report.path("tools").isArray()).isTrue();
        assertThat(report.path("calls").get(0).path("result").path("content").get(0).path("text").asString())
                .isEqualTo("This is a simple text response for testing.");
    }

    @Test
    void exitsWithFourWhenTheCalledToolReportsAnError() {
        Run run = probe(Map.of(), withFixture("--call", "test_error_handling"));

        assertThat(run.exitCode()).isEqualTo(ProbeCommand.EXIT_CALL_FAILED);
        assertThat(run.out()).contains("(the tool reported an error)");
    }

    @Test
    void exercisesEveryToolWhenTheConformanceHarnessRunsIt() {
        Run run = probe(Map.of("MCP_CONFORMANCE_SCENARIO", "tools_call"), withFixture("--json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode calls = JsonMapper.builder().build().readTree(run.out()).path("calls");
        assertThat(calls.values()).extracting(c -> c.path("target").asString())
                .contains("test_simple_text", "test_prompt_with_arguments", "test://static-text");
    }

    @Test
    void refusesBadInputWithUsageErrors() {
        assertThat(probe(Map.of(), "--args", "{}", "https://example.com/mcp").err()).contains("--args needs --call");
        assertThat(probe(Map.of(), "--call", "x", "--args", "[1]", "https://example.com/mcp").err())
                .contains("--args must be a JSON object");
        assertThat(probe(Map.of(), "http://example.com/mcp").err()).contains("plain http is allowed only to a"
                + " loopback host");
        Run header = probe(Map.of(), "-H", "Mcp-Session-Id=x", "https://example.com/mcp");
        assertThat(header.exitCode()).isEqualTo(ProbeCommand.EXIT_USAGE);
        assertThat(header.err()).contains("set by the MCP transport itself");
    }

    @Test
    void exitsWithThreeWhenTheServerCannotBeReached() {
        Run run = probe(Map.of(), "--timeout", "5", "http://127.0.0.1:1/mcp");

        assertThat(run.exitCode()).isEqualTo(ProbeCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).contains("could not reach it");
    }
}
