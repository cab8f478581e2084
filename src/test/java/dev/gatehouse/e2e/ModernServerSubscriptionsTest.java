package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ModernFixtureServer;
import dev.gatehouse.testing.SubscribingSession;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resource subscriptions of legacy clients to modern servers, several of each: every modern server has one
 * {@code subscriptions/listen} stream whose filter is the union of what the gateway's clients subscribed to on it,
 * and each update the server sends reaches exactly the sessions subscribed to that resource on that server.
 */
@Timeout(120)
class ModernServerSubscriptionsTest {

    private static final String A = "test://alpha/watched";
    private static final String A2 = "test://alpha/second";
    private static final String B = "test://beta/watched";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ModernFixtureServer alpha;
    private ModernFixtureServer beta;
    private RunningGateway gateway;
    private final List<SubscribingSession> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        alpha = ModernFixtureServer.watching(A, A2);
        beta = ModernFixtureServer.watching(B);
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(
                ServerConfig.remote("alpha", ServerConfig.Remote.of(alpha.url()), true, Duration.ofSeconds(30)),
                ServerConfig.remote("beta", ServerConfig.Remote.of(beta.url()), true, Duration.ofSeconds(30)))));
    }

    @AfterEach
    void stop() throws Exception {
        for (SubscribingSession client : clients) {
            client.close();
        }
        gateway.close();
        alpha.close();
        beta.close();
    }

    /** A legacy session on the aggregate endpoint with its GET stream open, closed after the test. */
    private SubscribingSession client() throws IOException {
        SubscribingSession client = new SubscribingSession(gateway.port(), "/mcp");
        clients.add(client);
        return client;
    }

    @Test
    void eachUpdateReachesOnlyTheSessionsSubscribedToThatResourceOfThatServer() throws Exception {
        SubscribingSession onlyAlpha = client();
        SubscribingSession onlyBeta = client();
        SubscribingSession both = client();
        SubscribingSession none = client();
        onlyAlpha.subscribe(A);
        onlyBeta.subscribe(B);
        both.subscribe(A);
        both.subscribe(B);
        await().atMost(WAIT).until(() -> alpha.listeningTo(A) && beta.listeningTo(B));

        alpha.update(A);
        await().atMost(WAIT).until(() -> onlyAlpha.updates().size() == 1 && both.updates().size() == 1);
        beta.update(B);
        await().atMost(WAIT).until(() -> onlyBeta.updates().size() == 1 && both.updates().size() == 2);

        assertThat(onlyAlpha.updatedUris()).containsExactly(A);
        assertThat(onlyBeta.updatedUris()).containsExactly(B);
        assertThat(both.updatedUris()).containsExactly(A, B);
        assertThat(none.updatedUris()).isEmpty();
        assertThat(both.updates()).as("the gateway's own listen id stays between it and the server")
                .noneMatch(update -> update.path("params").path("_meta").has("io.modelcontextprotocol/subscriptionId"));
        assertThat(alpha.listenedResources()).containsExactly(A);
        assertThat(beta.listenedResources()).containsExactly(B);
    }

    @Test
    void anotherClientsSubscriptionCostsNoUpdateWhileTheServersNewListenStreamOpens() throws Exception {
        SubscribingSession first = client();
        SubscribingSession second = client();
        first.subscribe(A);
        await().atMost(WAIT).until(() -> alpha.listeningTo(A));

        int listens = alpha.received("subscriptions/listen").size();
        alpha.holdListens();
        second.subscribe(A2);
        // The new stream is asked for and held unanswered: the old one must still carry the first client's update.
        await().atMost(WAIT).until(() -> alpha.received("subscriptions/listen").size() > listens);
        alpha.update(A);
        await().atMost(WAIT).until(() -> first.updates().size() == 1);
        alpha.releaseListens();
        await().atMost(WAIT).until(() -> alpha.listeningTo(A2));
        alpha.update(A2);
        await().atMost(WAIT).until(() -> second.updates().size() == 1);

        assertThat(first.updatedUris()).containsExactly(A);
        assertThat(second.updatedUris()).containsExactly(A2);
        await().atMost(WAIT).until(() -> alpha.listenedResources().equals(java.util.Set.of(A, A2)));
    }

    @Test
    void aServerKeepsListeningUntilItsLastSubscriberLeavesAndOthersStillGetTheirUpdates() throws Exception {
        SubscribingSession first = client();
        SubscribingSession second = client();
        first.subscribe(A);
        second.subscribe(A);
        await().atMost(WAIT).until(() -> alpha.listeningTo(A));

        first.unsubscribe(A);
        alpha.update(A);
        await().atMost(WAIT).until(() -> second.updates().size() == 1);
        assertThat(first.updatedUris()).isEmpty();
        assertThat(alpha.listeningTo(A)).as("one subscriber is left").isTrue();

        second.close();
        clients.remove(second);
        await().atMost(WAIT).until(() -> !alpha.listeningTo(A));
        assertThat(alpha.received("resources/subscribe")).isEmpty();
    }
}
