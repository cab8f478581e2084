package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.ModernFixtureServer;
import dev.gatehouse.testing.SubscribingSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A legacy client subscribed to a resource of a modern server over Streamable HTTP keeps getting its updates when
 * the server's {@code subscriptions/listen} stream is lost: when the server ends the stream, the gateway listens
 * again with the same subscriptions, and when the gateway replaces its connection to the server, the new
 * connection asks for them too, and for the tasks a modern client's listen stream is waiting on.
 */
@Timeout(120)
class ModernListenRenewalTest {

    private static final String WATCHED = "test://modern/renewed";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ModernFixtureServer server;
    private RunningGateway gateway;
    private SubscribingSession client;

    @BeforeEach
    void start() throws Exception {
        server = ModernFixtureServer.watching(WATCHED);
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ServerConfig.remote("modern", ServerConfig.Remote.of(server.url()), true, Duration.ofSeconds(30)))));
        client = new SubscribingSession(gateway.port(), "/s/modern/mcp");
        client.subscribe(WATCHED);
        await().atMost(WAIT).until(() -> server.listeningTo(WATCHED));
        server.update(WATCHED);
        await().atMost(WAIT).until(() -> client.updatedUris().equals(List.of(WATCHED)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
        server.close();
    }

    /** Until a listen request later than the first {@code before} asks about the resource, then one update. */
    private void awaitListeningAgainAndAnUpdate(int before) {
        await().atMost(WAIT).until(() -> server.received("subscriptions/listen").size() > before
                && server.listeningTo(WATCHED));
        JsonNode again = server.received("subscriptions/listen").getLast().path("params");
        assertThat(again.path("notifications").path("resourceSubscriptions").valueStream().map(JsonNode::asString))
                .containsExactly(WATCHED);
        int heard = client.updates().size();
        server.update(WATCHED);
        await().atMost(WAIT).until(() -> client.updates().size() == heard + 1);
    }

    @Test
    void whenTheServerEndsTheListenStreamTheGatewayListensAgainForTheSameResource() {
        int before = server.received("subscriptions/listen").size();
        server.dropListens();
        awaitListeningAgainAndAnUpdate(before);
    }

    @Test
    void aReplacedConnectionListensForTheResourceTheClientIsStillSubscribedTo() {
        int before = server.received("subscriptions/listen").size();
        assertThat(gateway.gateway().restart("modern", "a test renews the connection")).isTrue();
        awaitListeningAgainAndAnUpdate(before);
        assertThat(client.updatedUris()).containsOnly(WATCHED);
    }

    @Test
    void aReplacedConnectionAsksAgainAboutTheTasksAModernClientsListenStreamWaitsFor() throws Exception {
        try (ModernClient modern = new ModernClient(URI.create("http://127.0.0.1:" + gateway.port()
                + "/s/modern/mcp"), "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}")) {
            String taskId = modern.result("tools/call", ModernClient.json(
                    "{\"name\":\"slow_compute\",\"arguments\":{\"seconds\":4,\"label\":\"renewed\"}}"))
                    .path("taskId").asString();
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            try (InputStream body = modern.post("subscriptions/listen",
                    ModernClient.json("{\"notifications\":{\"taskIds\":[\"" + taskId + "\"]}}")).body()) {
                CompletableFuture<Boolean> completed = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ModernClient.eventsUntil(body, event -> event.path("params").path("status")
                                .asString("").equals("completed"), events);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                await().atMost(WAIT).until(() -> asksAbout(taskId));
                int before = server.received("subscriptions/listen").size();
                assertThat(gateway.gateway().restart("modern", "a test renews the connection")).isTrue();
                await().atMost(WAIT).until(() -> server.received("subscriptions/listen").size() > before
                        && asksAbout(taskId));
                assertThat(completed.get(60, TimeUnit.SECONDS)).as("events: %s", events).isTrue();
            }
            assertThat(events.getLast().path("params").path("result").path("content").get(0).path("text")
                    .asString()).contains("renewed");
        }
    }

    /** Whether the latest listen request the server received asks about {@code taskId}. */
    private boolean asksAbout(String taskId) {
        List<JsonNode> listens = server.received("subscriptions/listen");
        return !listens.isEmpty() && listens.getLast().path("params").path("notifications").path("taskIds")
                .valueStream().anyMatch(id -> id.asString("").equals(taskId));
    }
}
