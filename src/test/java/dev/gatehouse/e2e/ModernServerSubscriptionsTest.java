package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.ModernClient;
import dev.gatehouse.testing.ModernFixtureServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

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
    private final List<Client> clients = new CopyOnWriteArrayList<>();

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
        for (Client client : clients) {
            client.close();
        }
        gateway.close();
        alpha.close();
        beta.close();
    }

    /** A legacy session on the aggregate endpoint with its GET stream open, collecting the updates it gets. */
    private final class Client implements AutoCloseable {
        final McpSessionClient session = new McpSessionClient(gateway.port(), "/mcp");
        final List<String> updates = new CopyOnWriteArrayList<>();
        final Socket socket;

        Client() throws IOException {
            session.initialize();
            socket = new Socket("127.0.0.1", gateway.port());
            socket.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "MCP-Protocol-Version: 2025-11-25\r\nMcp-Session-Id: " + session.sessionId() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader events = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line = events.readLine(); line != null; line = events.readLine()) {
                        if (line.startsWith("data: ") && line.contains("notifications/resources/updated")) {
                            JsonNode update = ModernClient.json(line.substring(6));
                            assertThat(update.path("params").path("_meta").has(
                                    "io.modelcontextprotocol/subscriptionId"))
                                    .as("the gateway's own listen id stays between it and the server").isFalse();
                            updates.add(update.path("params").path("uri").asString());
                        }
                    }
                } catch (IOException closed) {
                    // the test closed the socket
                }
            });
            clients.add(this);
        }

        void subscribe(String uri) throws IOException {
            rpc("resources/subscribe", uri);
        }

        void unsubscribe(String uri) throws IOException {
            rpc("resources/unsubscribe", uri);
        }

        private void rpc(String method, String uri) throws IOException {
            JsonNode answer = McpSessionClient.response(session.post("{\"jsonrpc\":\"2.0\",\"id\":\"" + method
                    + uri + "\",\"method\":\"" + method + "\",\"params\":{\"uri\":\"" + uri + "\"}}"));
            assertThat(answer.has("result")).as(answer.toString()).isTrue();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            session.delete();
        }
    }

    @Test
    void eachUpdateReachesOnlyTheSessionsSubscribedToThatResourceOfThatServer() throws Exception {
        Client onlyAlpha = new Client();
        Client onlyBeta = new Client();
        Client both = new Client();
        Client none = new Client();
        onlyAlpha.subscribe(A);
        onlyBeta.subscribe(B);
        both.subscribe(A);
        both.subscribe(B);
        await().atMost(WAIT).until(() -> alpha.listeningTo(A) && beta.listeningTo(B));

        alpha.update(A);
        await().atMost(WAIT).until(() -> onlyAlpha.updates.size() == 1 && both.updates.size() == 1);
        beta.update(B);
        await().atMost(WAIT).until(() -> onlyBeta.updates.size() == 1 && both.updates.size() == 2);

        assertThat(onlyAlpha.updates).containsExactly(A);
        assertThat(onlyBeta.updates).containsExactly(B);
        assertThat(both.updates).containsExactly(A, B);
        assertThat(none.updates).isEmpty();
        assertThat(alpha.listenedResources()).containsExactly(A);
        assertThat(beta.listenedResources()).containsExactly(B);
    }

    @Test
    void anotherClientsSubscriptionCostsNoUpdateWhileTheServersNewListenStreamOpens() throws Exception {
        Client first = new Client();
        Client second = new Client();
        first.subscribe(A);
        await().atMost(WAIT).until(() -> alpha.listeningTo(A));

        int listens = alpha.received("subscriptions/listen").size();
        alpha.holdListens();
        second.subscribe(A2);
        // The new stream is asked for and held unanswered: the old one must still carry the first client's update.
        await().atMost(WAIT).until(() -> alpha.received("subscriptions/listen").size() > listens);
        alpha.update(A);
        await().atMost(WAIT).until(() -> first.updates.size() == 1);
        alpha.releaseListens();
        await().atMost(WAIT).until(() -> alpha.listeningTo(A2));
        alpha.update(A2);
        await().atMost(WAIT).until(() -> second.updates.size() == 1);

        assertThat(first.updates).containsExactly(A);
        assertThat(second.updates).containsExactly(A2);
        await().atMost(WAIT).until(() -> alpha.listenedResources().equals(java.util.Set.of(A, A2)));
    }

    @Test
    void aServerKeepsListeningUntilItsLastSubscriberLeavesAndOthersStillGetTheirUpdates() throws Exception {
        Client first = new Client();
        Client second = new Client();
        first.subscribe(A);
        second.subscribe(A);
        await().atMost(WAIT).until(() -> alpha.listeningTo(A));

        first.unsubscribe(A);
        alpha.update(A);
        await().atMost(WAIT).until(() -> second.updates.size() == 1);
        assertThat(first.updates).isEmpty();
        assertThat(alpha.listeningTo(A)).as("one subscriber is left").isTrue();

        second.close();
        clients.remove(second);
        await().atMost(WAIT).until(() -> !alpha.listeningTo(A));
        assertThat(alpha.received("resources/subscribe")).isEmpty();
    }
}
