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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent calls to one remote server travel concurrently, observed at a real loopback server: nothing on the way
 * (a lock, a single connection, a queue) makes one call wait for another, and the calls share pooled keep-alive
 * connections instead of opening one each, whether answered as JSON or on an event stream.
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
    void callsAnsweredOnEventStreamsReuseTheConnectionOnceTheServerEndsEachStream() throws Exception {
        Semaphore delivered = new Semaphore(0);
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if (!"tools/call".equals(exchange.request().rpcMethod())) {
                FakeMcpServer.legacy(exchange, "s-1");
                return;
            }
            exchange.startEvents();
            exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id()
                    + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"streamed\"}]}}");
            // The stream ends only once the caller holds the answer, as it does when the server's last bytes come
            // in a packet of their own: the gateway must not close the connection under it in between.
            try {
                delivered.tryAcquire(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped while waiting for the caller");
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            int calls = 20;
            for (int i = 0; i < calls; i++) {
                assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("streamed");
                delivered.release();
            }

            // Closing each stream once its answer is delivered would take a new connection for every call; a slow
            // caller may cost one now and then (the gateway waits a bounded time for the stream's end).
            assertThat(server.connections()).isLessThan(calls / 2);
        }
    }

    @Test
    void aStreamTheServerKeepsOpenAfterTheAnswerIsClosedByTheGatewayAndTheCallIsAnsweredFirst() throws Exception {
        CountDownLatch left = new CountDownLatch(1);
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.startEvents();
                exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id()
                        + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"answered\"}]}}");
                if (exchange.writeUntilClientLeaves(Duration.ofMillis(100))) {
                    left.countDown();
                }
            } else {
                FakeMcpServer.legacy(exchange, "s-1");
            }
        }); StreamableHttpUpstream upstream = upstream(server)) {
            assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("answered");

            assertThat(left.await(20, TimeUnit.SECONDS)).as("the gateway closed the stream").isTrue();
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
