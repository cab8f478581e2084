package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.cli.CliRun;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.ModernFixtureServer;
import java.io.BufferedReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Questions the gateway withdraws before a client answers them are in the capture, so {@code logs} shows what
 * happened: a legacy client that cancels its call while a modern server's question is out gets the question
 * withdrawn with {@code notifications/cancelled} (recorded as that notification and as the question, outcome
 * {@code withdrawn}); a modern client that never comes back with the input a legacy server asked for has the
 * question withdrawn when it expires. A live gateway, a real traffic.db, real servers.
 */
@Timeout(120)
class WithdrawnQuestionsCaptureTest {

    private static Path root;
    private static ModernFixtureServer modern;
    private static RunningGateway gateway;
    private static TrafficLog log;
    private static TrafficHistory history;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("gatehouse-withdrawn");
        modern = new ModernFixtureServer();
        gateway = new GatewayHome(root.resolve("home")).write("[servers.modern]\nurl = \"" + modern.url() + "\"\n"
                + "timeout_seconds = 30\n\n" + GatewayHome.javaServer("fixture",
                GatewayHome.javaCommand(ConformanceFixtureServer.class.getName()), "timeout_seconds = 3")).start();
        log = gateway.capture().orElseThrow().log();
        history = gateway.capture().orElseThrow().history();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        modern.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static ExchangeSummary awaitWithdrawn(String server) {
        return await().atMost(20, TimeUnit.SECONDS).until(() -> log.search(TrafficQuery.latest()
                .withServer(server).withMethod("elicitation/create")).stream()
                .filter(e -> e.outcome().equals("withdrawn")).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    @Test
    void aQuestionWithdrawnBecauseALegacyClientCancelledIsRecordedWithTheNotificationThatWithdrewIt()
            throws Exception {
        McpSessionClient session = new McpSessionClient(gateway.port(), "/s/modern/mcp");
        session.initialize();
        String question;
        try (BufferedReader events = session.postStreaming("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"ask_elicitation\"}}")) {
            String line = events.readLine();
            while (line != null && !line.contains("elicitation/create")) {
                line = events.readLine();
            }
            assertThat(line).isNotNull();
            question = ModernClient.json(line.substring(line.indexOf('{'))).path("id").asString();
            session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                    + "{\"requestId\":9,\"reason\":\"changed my mind\"}}");
            while (line != null && !line.contains("\"id\":9")) {
                line = events.readLine();
            }
            assertThat(line).contains("-32800");
        } finally {
            session.delete();
        }

        ExchangeSummary withdrawn = awaitWithdrawn("modern");
        assertThat(withdrawn.direction()).isEqualTo("server_to_client");
        assertThat(withdrawn.session()).isEqualTo(SessionHandles.of(session.sessionId()));
        assertThat(withdrawn.errorMessage()).isEqualTo("the client cancelled the call");
        ExchangeDetail detail = log.exchange(withdrawn.id()).orElseThrow();
        assertThat(detail.requestBody()).contains("elicitation/create");
        assertThat(detail.responseBody()).isNull();

        List<TrafficHistory.Notification> sent = await().atMost(20, TimeUnit.SECONDS).until(() -> history
                .notifications("modern", Instant.EPOCH, 100).stream()
                .filter(n -> n.method().equals("notifications/cancelled")
                        && n.direction().equals("server_to_client")).toList(), found -> !found.isEmpty());
        assertThat(sent.getFirst().body()).contains("\"requestId\":\"" + question + "\"")
                .contains("the client cancelled the call");

        CliRun logs = CliRun.of(root.resolve("home"), "logs", "--server", "modern", "--method", "elicitation/create");
        assertThat(logs.exit()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("withdrawn: the client cancelled the call");
    }

    @Test
    void aQuestionAModernClientNeverCameBackToAnswerIsRecordedAsWithdrawnWhenItExpires() throws Exception {
        try (ModernClient client = new ModernClient(URI.create("http://127.0.0.1:" + gateway.port()
                + "/s/fixture/mcp"), "{\"elicitation\":{}}")) {
            JsonNode asked = client.result("tools/call", ModernClient.json("{\"name\":\"test_elicitation\","
                    + "\"arguments\":{\"message\":\"Anyone there?\"}}"));
            assertThat(asked.path("resultType").asString()).isEqualTo("input_required");
        }

        ExchangeSummary withdrawn = awaitWithdrawn("fixture");
        assertThat(withdrawn.direction()).isEqualTo("server_to_client");
        assertThat(withdrawn.errorMessage()).isIn("The client did not answer in time",
                "The call ended before the client answered");
        assertThat(log.exchange(withdrawn.id()).orElseThrow().requestBody()).contains("Anyone there?");
    }
}
