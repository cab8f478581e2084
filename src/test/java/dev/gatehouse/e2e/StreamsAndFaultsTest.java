package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.session.Session;
import dev.gatehouse.testing.LegacyGetStream;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * What the wire shows for streams, cancellation and crashes: the GET stream carries resource updates, a client
 * cancellation ends the call upstream and on the wire, and a child killed mid-call fails that call at once with
 * an error naming the server, then comes back on next use.
 */
@Timeout(120)
class StreamsAndFaultsTest {

    private static RunningGateway gateway;
    private McpSessionClient session;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(EverythingServers.named("alpha"))));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @BeforeEach
    void openSession() throws Exception {
        session = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(session.initialize().status()).isEqualTo(200);
    }

    private RawHttp.Reply callTool(int id, String tool, String arguments) throws Exception {
        return session.post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + ",\"_meta\":{\"progressToken\":\"p" + id + "\"}}}");
    }

    /** Waits until the gateway holds the session's call, however slow the machine (a fixed pause was not enough). */
    private void awaitInFlight() {
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.gateway().sessions().find(session.sessionId())
                .map(Session::inFlight).orElse(0) > 0);
    }

    private LegacyGetStream openGetStream() {
        return LegacyGetStream.open(gateway.port(), "/mcp", session.sessionId());
    }

    @Test
    void carriesResourceUpdatesOnTheGetStreamOfSubscribedSessions() throws Exception {
        try (LegacyGetStream stream = openGetStream()) {
            String uri = "demo://resource/static/document/architecture.md";
            RawHttp.Reply subscribed = session.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\","
                    + "\"params\":{\"uri\":\"" + uri + "\"}}");
            assertThat(McpSessionClient.response(subscribed).has("result")).isTrue();
            callTool(3, "alpha__toggle-subscriber-updates", "{}");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> stream.saw("notifications/resources/updated", uri));
        } finally {
            callTool(4, "alpha__toggle-subscriber-updates", "{}");
        }
    }

    @Test
    void cancellationEndsTheCallAtOnce() throws Exception {
        CompletableFuture<RawHttp.Reply> call = CompletableFuture.supplyAsync(() -> {
            try {
                return callTool(41, "alpha__trigger-long-running-operation", "{\"duration\":30,\"steps\":30}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitInFlight();
        long cancelledAt = System.nanoTime();
        assertThat(session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":41,\"reason\":\"test\"}}").status()).isEqualTo(202);
        RawHttp.Reply reply = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(5));
        List<JsonNode> messages = McpSessionClient.messages(reply);
        assertThat(messages.stream().filter(m -> m.path("method").asString("").equals("notifications/progress")))
                .allMatch(m -> m.path("params").path("progressToken").asString().equals("p41"));
        JsonNode response = messages.getLast();
        assertThat(response.path("id").asInt()).isEqualTo(41);
        assertThat(response.path("error").path("code").asInt()).isEqualTo(-32800);
    }

    @Test
    void childKilledMidCallFailsTheCallAtOnceAndRestartsOnNextUse() throws Exception {
        CompletableFuture<RawHttp.Reply> call = CompletableFuture.supplyAsync(() -> {
            try {
                return callTool(51, "alpha__trigger-long-running-operation", "{\"duration\":30,\"steps\":30}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitInFlight();
        ProcessHandle child = everythingChild().orElseThrow();
        long killedAt = System.nanoTime();
        child.destroyForcibly();
        RawHttp.Reply reply = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
        JsonNode error = McpSessionClient.response(reply).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32000);
        assertThat(error.path("message").asString()).contains("'alpha'", "exited");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode echo = McpSessionClient.response(callTool(52, "alpha__echo", "{\"message\":\"back\"}"));
            assertThat(echo.path("result").path("content").get(0).path("text").asString()).isEqualTo("Echo: back");
        });
        assertThat(everythingChild()).isPresent().get().isNotEqualTo(child);
    }

    @Test
    void listChangesFromARestartedServerReachOpenSessions() throws Exception {
        try (LegacyGetStream stream = openGetStream()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.saw("id: g"));
            callTool(60, "alpha__echo", "{\"message\":\"ready\"}");
            Thread.sleep(500);
            int before = stream.lines().size();
            everythingChild().orElseThrow().destroyForcibly();
            // server-everything announces its client-dependent tools after each initialize.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                callTool(61, "alpha__echo", "{\"message\":\"wake\"}");
                assertThat(stream.sawAfter(before, "notifications/tools/list_changed")).isTrue();
            });
        }
    }

    private static Optional<ProcessHandle> everythingChild() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .filter(p -> p.info().command().orElse("").endsWith("node"))
                .findFirst();
    }
}
