package dev.gatehouse.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.ModernFixtureServer;
import dev.gatehouse.testing.TestPeers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official conformance suite through the gateway: the project's legacy fixture server unrenamed at
 * {@code /s/fixture/mcp} must pass every scored scenario of the 2025-11-25 requirement set, and of the 2026-07-28 set
 * all but the scenarios that need a modern server; the modern fixture at {@code /s/modernfixture/mcp} passes the
 * whole 2026-07-28 set; server-everything through the gateway is compared with server-everything served directly, in
 * the same run.
 * Totals go to {@code target/conformance/summary.txt}.
 */
class ConformanceTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceTest.class);
    private static final Path OUT = TestPeers.projectDir().resolve("target/conformance");

    private static RunningGateway gateway;
    private static ModernFixtureServer modernFixture;

    @BeforeAll
    static void startGateway() throws Exception {
        List<String> fixture = ConformanceFixtureServer.command();
        ServerConfig fixtureServer = new ServerConfig("fixture", fixture.getFirst(), fixture.subList(1, fixture.size()),
                Map.of(), null, true, Duration.ofSeconds(30));
        ServerConfig everything = new ServerConfig("everything", TestPeers.node22().toString(),
                List.of(TestPeers.serverEverythingEntry().toString(), "stdio"), Map.of(), null, true,
                Duration.ofSeconds(30));
        modernFixture = new ModernFixtureServer();
        ServerConfig modern = ServerConfig.remote("modernfixture", ServerConfig.Remote.of(modernFixture.url()), true,
                Duration.ofSeconds(30));
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(fixtureServer, everything, modern)));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
        modernFixture.close();
    }

    /**
     * The modern fixture serves the legacy fixture's content the modern way (questions as input_required results,
     * notifications on the request's stream or on listen streams) and the tasks extension: the whole 2026-07-28 set
     * passes through the gateway, with no baseline.
     */
    @Test
    void modernFixtureBehindTheGatewayPassesTheWholeModernEra() throws Exception {
        ConformanceSuite.Result result = ConformanceSuite.run(
                "http://127.0.0.1:" + gateway.port() + "/s/modernfixture/mcp", "2026-07-28",
                OUT.resolve("modernfixture-2026-all"));
        record("modern fixture via /s/modernfixture/mcp, 2026-07-28", result);
        assertThat(result.failed()).as(result.output()).isZero();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).isGreaterThanOrEqualTo(190);
    }

    @Test
    void fixtureBehindTheGatewayPassesEveryScoredScenario() throws Exception {
        ConformanceSuite.Result result = ConformanceSuite.run(
                "http://127.0.0.1:" + gateway.port() + "/s/fixture/mcp", "2025-11-25", OUT.resolve("fixture"));
        record("fixture via /s/fixture/mcp", result);
        assertThat(result.failed()).as(result.output()).isZero();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).isGreaterThanOrEqualTo(80);
    }

    /**
     * The modern era (2026-07-28) on the same URL: everything passes except what the baseline lists, the scenarios
     * that need a modern server (two MRTR scenarios need server-chosen keys; tasks pass through within one era only),
     * each of which passes in the modern fixture's run of the whole set. The legacy fixture's questions reach the suite as
     * input_required results.
     * The suite itself fails the run on a listed entry that starts passing, so the baseline cannot go stale.
     */
    @Test
    void fixtureBehindTheGatewayPassesTheModernEraOutsideItsBaseline() throws Exception {
        Path baseline = TestPeers.projectDir().resolve("src/test/resources/conformance/expected-failures-2026-07-28.yml");
        ConformanceSuite.Result result = ConformanceSuite.run(
                "http://127.0.0.1:" + gateway.port() + "/s/fixture/mcp", "2026-07-28", OUT.resolve("fixture-2026"),
                "--expected-failures", baseline.toString());
        record("fixture via /s/fixture/mcp, 2026-07-28", result);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).isGreaterThanOrEqualTo(160);
    }

    @Test
    void serverEverythingPassesAtLeastAsMuchThroughTheGatewayAsDirectly() throws Exception {
        ConformanceSuite.Result viaGateway = ConformanceSuite.run(
                "http://127.0.0.1:" + gateway.port() + "/s/everything/mcp", "2025-11-25", OUT.resolve("everything"));
        record("server-everything via /s/everything/mcp", viaGateway);
        ConformanceSuite.Result direct = runDirect();
        record("server-everything direct (streamableHttp)", direct);
        assertThat(viaGateway.passed()).isGreaterThanOrEqualTo(direct.passed());
        assertThat(viaGateway.failed()).isLessThanOrEqualTo(direct.failed());
    }

    private static ConformanceSuite.Result runDirect() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(TestPeers.node22().toString(), "-r",
                TestPeers.loopbackPreload().toString(), TestPeers.serverEverythingEntry().toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(OUT.resolve("everything-direct.log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Files.createDirectories(OUT);
        Process server = builder.start();
        try {
            awaitListening(port);
            return ConformanceSuite.run("http://127.0.0.1:" + port + "/mcp", "2025-11-25",
                    OUT.resolve("everything-direct"));
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server-everything did not listen on " + port + " within 30 s");
    }

    private static synchronized void record(String label, ConformanceSuite.Result result) throws IOException {
        String line = label + ": " + result.passed() + " passed, " + result.failed() + " failed (exit "
                + result.exitCode() + ")\n";
        LOG.info("conformance {}", line.strip());
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("summary.txt"), line, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
