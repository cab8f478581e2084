package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.testing.RecordingEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deprecated HTTP+SSE transport: the endpoint event, answers on the stream, and a stream that ends. */
@Timeout(60)
class HttpPlusSseTest {

    private static final String DROP = "drop";
    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    /** A 2024-11-05 server: the GET stream names {@code endpoint}, POSTs get 202 and answers go on the stream. */
    private static final class OldServer {
        private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
        private final AtomicInteger streams = new AtomicInteger();
        private final String endpoint;

        OldServer(String endpoint) {
            this.endpoint = endpoint;
        }

        void answer(FakeMcpServer.Exchange exchange) throws IOException {
            FakeMcpServer.Received request = exchange.request();
            if ("GET".equals(request.httpMethod())) {
                streams.incrementAndGet();
                exchange.startEvents();
                exchange.event("endpoint", null, null, endpoint);
                pump(exchange);
                return;
            }
            if (!request.path().equals("/messages")) {
                exchange.status(405);
                return;
            }
            String method = request.rpcMethod();
            if ("initialize".equals(method)) {
                outbox.add(reply(exchange, "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"old\",\"version\":\"1\"}}"));
            } else if ("tools/call".equals(method)
                    && "work".equals(request.body().path("params").path("name").asString())) {
                outbox.add(reply(exchange, "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}"));
            }
            exchange.status(202);
        }

        private static String reply(FakeMcpServer.Exchange exchange, String result) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"result\":" + result + "}";
        }

        private void pump(FakeMcpServer.Exchange exchange) throws IOException {
            while (true) {
                String message;
                try {
                    message = outbox.poll(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (message == null || message.equals(DROP)) {
                    exchange.end();
                    return;
                }
                exchange.event("message", null, null, message);
            }
        }
    }

    private static StreamableHttpUpstream upstream(FakeMcpServer server, ServerConfig.RemoteTransport transport) {
        return fixture.upstream(server.url(), transport, Duration.ofSeconds(10), new RecordingEvents(),
                fixture.options());
    }

    @Test
    void postsToTheEndpointTheStreamNamesAndReadsAnswersFromTheStream() throws Exception {
        OldServer old = new OldServer("/messages?sessionId=abc");
        try (FakeMcpServer server = new FakeMcpServer(old::answer);
             StreamableHttpUpstream upstream = upstream(server, ServerConfig.RemoteTransport.AUTO)) {
            assertThat(RemoteFixture.call(upstream, "tools/call", "{\"name\":\"work\"}").result().path("content")
                    .get(0).path("text").asString()).isEqualTo("done");
            assertThat(upstream.transport()).isEqualTo("sse");
            assertThat(upstream.handshake().protocolVersion()).isEqualTo("2024-11-05");
            assertThat(server.received("tools/call").getFirst().path()).isEqualTo("/messages");
        }
    }

    @Test
    void refusesAnEndpointOnAnotherOrigin() throws Exception {
        OldServer old = new OldServer("http://203.0.113.7:8080/messages?sessionId=abc");
        try (FakeMcpServer server = new FakeMcpServer(old::answer);
             StreamableHttpUpstream upstream = upstream(server, ServerConfig.RemoteTransport.SSE)) {
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("its endpoint event points to another origin");
        }
    }

    @Test
    void failsCallsInFlightAtOnceWhenTheStreamEndsAndStartsANewSessionForTheNext() throws Exception {
        OldServer old = new OldServer("/messages?sessionId=abc");
        try (FakeMcpServer server = new FakeMcpServer(old::answer);
             StreamableHttpUpstream upstream = upstream(server, ServerConfig.RemoteTransport.SSE)) {
            upstream.handshake();
            PendingCall hanging = upstream.call(RemoteFixture.request("tools/call", "{\"name\":\"hang\"}"),
                    CallOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.received("tools/call").size() == 1);

            old.outbox.add(DROP);

            ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> hanging.response().get(5, TimeUnit.SECONDS));
            assertThat(thrown.getCause()).hasMessageContaining("closed its HTTP+SSE event stream");
            assertThat(RemoteFixture.call(upstream, "tools/call", "{\"name\":\"work\"}").isError()).isFalse();
            assertThat(old.streams).hasValue(2);
        }
    }

    @Test
    void saysHowToReachAServerThatRefusesStreamableHttpWhenThatIsInsistedOn() throws Exception {
        OldServer old = new OldServer("/messages?sessionId=abc");
        try (FakeMcpServer server = new FakeMcpServer(old::answer);
             StreamableHttpUpstream upstream = upstream(server, ServerConfig.RemoteTransport.STREAMABLE_HTTP)) {
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("refused initialize over Streamable HTTP (HTTP 405)")
                    .hasMessageContaining("transport = \"sse\"");
        }
    }
}
