package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.SubscribingSession;
import dev.gatehouse.upstream.stdio.ScriptedServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A legacy client subscribed to a resource of a modern stdio server (a real child process) keeps getting its
 * updates when the server comes back: after the child crashed and was started again, and after the gateway
 * replaced the server with a new instance. The new child is asked, on its {@code subscriptions/listen} request,
 * about the resource the client is still subscribed to.
 */
@Timeout(120)
class SubscriptionsAcrossRestartsTest {

    private static final String WATCHED = "test://watched";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private RunningGateway gateway;
    private SubscribingSession client;

    /** The gateway with the modern server started {@code how}, and a client subscribed to its resource. */
    private void start(ServerConfig.StartMode how) throws Exception {
        List<String> command = ScriptedServers.javaCommand("--modern");
        ServerConfig server = new ServerConfig("modern", command.getFirst(), command.subList(1, command.size()),
                Map.of(), null, true, Duration.ofSeconds(30));
        server = new ServerConfig(server.name(), server.command(), server.args(), server.env(), null, true,
                server.timeout(), null, new ServerConfig.Supervision(how,
                        ServerConfig.Supervision.DEFAULT_HEALTH_INTERVAL, Duration.ZERO), server.capture(),
                server.tools(), server.era());
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(server)));
        client = new SubscribingSession(gateway.port(), "/s/modern/mcp");
        client.subscribe(WATCHED);
        awaitListeningFor(WATCHED);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Until the running child's latest listen request asks about {@code uri}. */
    private void awaitListeningFor(String uri) {
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode listens = client.call("seen", "{}").path("result").path("structuredContent").path("listens");
            assertThat(listens.isEmpty()).isFalse();
            assertThat(listens.get(listens.size() - 1).path("notifications").path("resourceSubscriptions")
                    .valueStream().map(JsonNode::asString)).contains(uri);
        });
    }

    private UpstreamStatus.State state() {
        return gateway.gateway().upstreams().upstream("modern").orElseThrow().status().state();
    }

    @Test
    void aCrashedChildThatTheSupervisorStartsAgainIsAskedAboutTheSubscriptionAndItsUpdateArrives()
            throws Exception {
        start(ServerConfig.StartMode.EAGER);
        crashAndAwaitTheComeback();

        awaitListeningFor(WATCHED);
        client.call("touch", "{\"uri\":\"" + WATCHED + "\"}");
        await().atMost(WAIT).until(() -> client.updatedUris().contains(WATCHED));
    }

    @Test
    void aLazyServerThatClientsAreSubscribedToIsStartedAgainAfterACrashWithoutWaitingForAUse() throws Exception {
        start(ServerConfig.StartMode.LAZY);
        crashAndAwaitTheComeback();

        awaitListeningFor(WATCHED);
    }

    /** Crashes the child and waits, without calling it, until the server is ready again. */
    private void crashAndAwaitTheComeback() throws Exception {
        client.call("crash", "{\"code\":3}");
        await().atMost(WAIT).until(() -> state() != UpstreamStatus.State.READY);
        await().atMost(WAIT).until(() -> state() == UpstreamStatus.State.READY);
    }

    @Test
    void aServerReplacedByTheGatewayIsSubscribedAgain() throws Exception {
        start(ServerConfig.StartMode.EAGER);
        assertThat(gateway.gateway().restart("modern", "a test asked")).isTrue();

        awaitListeningFor(WATCHED);
        client.call("touch", "{\"uri\":\"" + WATCHED + "\"}");
        await().atMost(WAIT).until(() -> client.updatedUris().contains(WATCHED));
    }
}
