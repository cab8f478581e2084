package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ModernFixtureServer;
import dev.gatehouse.testing.SubscribingSession;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A legacy client subscribed to a resource of a modern server over Streamable HTTP keeps getting its updates when
 * the server's {@code subscriptions/listen} stream is lost: when the server ends the stream, the gateway listens
 * again with the same subscriptions, and when the gateway replaces its connection to the server, the new
 * connection asks for them too.
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
}
