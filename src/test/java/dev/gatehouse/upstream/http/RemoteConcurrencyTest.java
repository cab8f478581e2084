package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.CallOptions;
import dev.gatehouse.PendingCall;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.net.ServerClient;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.RecordingEvents;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent calls to one remote server travel concurrently, observed at a real loopback server: nothing on the way
 * (a lock, a single connection, a queue) makes one call wait for another, and the calls share pooled keep-alive
 * connections instead of opening one each.
 */
@Timeout(60)
class RemoteConcurrencyTest {

    private static final String CALL = "{\"name\":\"work\",\"arguments\":{}}";
    private static final int CONCURRENCY = 16;

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    private static StreamableHttpUpstream upstream(FakeMcpServer server) {
        return fixture.upstream(server.url(), ServerConfig.RemoteTransport.STREAMABLE_HTTP, Duration.ofSeconds(30),
                new RecordingEvents(), fixture.options());
    }

    private static List<Message.Response> callAtOnce(StreamableHttpUpstream upstream, int count) throws Exception {
        List<PendingCall> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(upstream.call(RemoteFixture.request("tools/call", CALL), CallOptions.DEFAULT));
        }
        List<Message.Response> answers = new ArrayList<>();
        for (PendingCall call : calls) {
            answers.add(call.response().get(40, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static String text(Message.Response response) {
        return response.isError() ? response.toString()
                : response.result().path("content").get(0).path("text").asString();
    }

    @Test
    void sixteenConcurrentCallsAreAllInFlightAtTheServerAtOnce() throws Exception {
        CountDownLatch arrived = new CountDownLatch(CONCURRENCY);
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if (!"tools/call".equals(exchange.request().rpcMethod())) {
                FakeMcpServer.legacy(exchange, "s-1");
                return;
            }
            // Each call is answered only once all of them have arrived: a call that waited for another's answer
            // before being sent would keep every one of them waiting here.
            arrived.countDown();
            try {
                if (arrived.await(20, TimeUnit.SECONDS)) {
                    exchange.result("{\"content\":[{\"type\":\"text\",\"text\":\"together\"}]}");
                } else {
                    exchange.json(200, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"error\":{\"code\":-32000,"
                            + "\"message\":\"only " + (CONCURRENCY - arrived.getCount()) + " calls arrived together\"}}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped while waiting for the other calls");
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            List<Message.Response> answers = callAtOnce(upstream, CONCURRENCY);

            assertThat(answers).extracting(RemoteConcurrencyTest::text).containsOnly("together");
            assertThat(server.received("tools/call")).hasSize(CONCURRENCY);
        }
    }

    @Test
    void manyCallsShareABoundedNumberOfKeepAliveConnections() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "s-1"));
             StreamableHttpUpstream upstream = upstream(server)) {
            int calls = 0;
            for (int round = 0; round < 3; round++) {
                assertThat(callAtOnce(upstream, CONCURRENCY)).extracting(RemoteConcurrencyTest::text)
                        .containsOnly("ok");
                calls += CONCURRENCY;
            }
            for (int i = 0; i < 20; i++) {
                assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("ok");
                calls++;
            }

            assertThat(server.received("tools/call")).hasSize(calls);
            // One connection per call would be 68 and more; the pool never holds more than its bound per server.
            assertThat(server.connections()).isBetween(1, ServerClient.SETTINGS.maxConnectionsPerServer());
        }
    }
}
