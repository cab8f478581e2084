package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.SubscribingSession;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hot reload that removes a server forgets every subscription to its resources: the gateway's subscription table
 * shrinks back ({@code gatehouse_subscriptions}), and a server later added under the same name is a new server whose
 * updates reach only the sessions that subscribe to it again, never the ones that had subscribed to the old one.
 * The server is the legacy fixture as a real child process; it announces an update after every subscribe.
 */
@Timeout(120)
class SubscriptionsAfterRemovalTest {

    private static final String WATCHED = "test://watched-resource";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern GAUGE = Pattern.compile("(?m)^gatehouse_subscriptions (\\S+)$");

    private final GatewayConfig withServer = new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
            List.of(ConformanceFixtureServer.server("watched", Duration.ofSeconds(30))));
    private final GatewayConfig withoutServer = new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of());
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = RunningGateway.start(withServer);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private SubscribingSession subscribedSession() throws Exception {
        SubscribingSession session = new SubscribingSession(gateway.port(), "/mcp");
        // The aggregate learns which server owns a URI from a listing.
        session.session().post("{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"resources/list\"}");
        session.subscribe(WATCHED);
        await().atMost(WAIT).until(() -> session.updatedUris().contains(WATCHED));
        return session;
    }

    private double subscriptions() {
        Matcher gauge = GAUGE.matcher(gateway.gateway().metrics().scrape());
        assertThat(gauge.find()).as("the gatehouse_subscriptions gauge").isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    @Test
    void removingAServerForgetsItsSubscriptionsAndTheServerAddedAgainUnderItsNameHasOnlyNewSubscribers()
            throws Exception {
        try (SubscribingSession before = subscribedSession()) {
            assertThat(subscriptions()).isEqualTo(1.0);

            assertThat(gateway.gateway().apply(withoutServer).removed()).containsExactly("watched");
            assertThat(subscriptions()).isZero();

            assertThat(gateway.gateway().apply(withServer).added()).containsExactly("watched");
            int heardBefore = before.updates().size();
            try (SubscribingSession after = subscribedSession()) {
                assertThat(subscriptions()).isEqualTo(1.0);
                assertThat(before.updates()).as("a session subscribed to the removed server only")
                        .hasSize(heardBefore);
            }
            await().atMost(WAIT).until(() -> subscriptions() == 0.0);

            // Subscribing again is what it takes: the server is subscribed anew and announces an update.
            before.subscribe(WATCHED);
            await().atMost(WAIT).until(() -> before.updates().size() > heardBefore);
            assertThat(subscriptions()).isEqualTo(1.0);
        }
    }
}
