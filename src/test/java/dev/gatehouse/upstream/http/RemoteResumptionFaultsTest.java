package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.RecordingEvents;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server that drops the stream of an answer and then will not let it be resumed: it keeps dropping it, it does
 * not offer resuming (405), or it forgot the session (404). Each ends the call with a clear error well before its
 * timeout, and after a forgotten session the next call starts a new one.
 */
@Timeout(60)
class RemoteResumptionFaultsTest {

    private static final String CALL = "{\"name\":\"work\",\"arguments\":{}}";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    /** A server whose tools/call stream is dropped after one event with an id; GETs resuming it get {@code resume}. */
    private static FakeMcpServer dropping(String session, FakeMcpServer.Script resume) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        return new FakeMcpServer(exchange -> {
            FakeMcpServer.Received request = exchange.request();
            if ("tools/call".equals(request.rpcMethod()) && calls.incrementAndGet() == 1) {
                exchange.header("Mcp-Session-Id", session).startEvents();
                exchange.event("e-1", 50L, "");
                exchange.end();
            } else if ("GET".equals(request.httpMethod()) && request.header("Last-Event-ID") != null) {
                resume.answer(exchange);
            } else {
                FakeMcpServer.legacy(exchange, session);
            }
        });
    }

    private static String failureOf(StreamableHttpUpstream upstream) {
        long started = System.nanoTime();
        ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> RemoteFixture.call(upstream, "tools/call", CALL));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(20_000);
        assertThat(thrown.getCause()).isInstanceOf(GatewayFailure.UpstreamUnavailable.class);
        return thrown.getCause().getMessage();
    }

    private static StreamableHttpUpstream upstream(FakeMcpServer server, RemoteOptions options) {
        return fixture.upstream(server.url(), ServerConfig.RemoteTransport.STREAMABLE_HTTP, TIMEOUT,
                new RecordingEvents(), options);
    }

    @Test
    void givesUpWithAClearErrorWhenTheResumedStreamKeepsClosingWithoutProgress() throws Exception {
        try (FakeMcpServer server = dropping("s-1", exchange -> {
            exchange.startEvents();
            exchange.end();
        }); StreamableHttpUpstream upstream = upstream(server, fixture.options().withMaxResumeAttempts(2))) {
            assertThat(failureOf(upstream)).isEqualTo("Server 'remote' is unavailable: it kept closing the stream"
                    + " before answering tools/call (2 resumptions)");
            assertThat(server.received().stream().filter(r -> r.header("Last-Event-ID") != null))
                    .hasSize(2).allSatisfy(r -> assertThat(r.header("Last-Event-ID")).isEqualTo("e-1"));
        }
    }

    @Test
    void saysSoWhenTheServerDoesNotOfferResumingTheStream() throws Exception {
        try (FakeMcpServer server = dropping("s-2", exchange -> exchange.status(405));
             StreamableHttpUpstream upstream = upstream(server, fixture.options())) {
            assertThat(failureOf(upstream)).isEqualTo("Server 'remote' is unavailable: it closed the stream before"
                    + " answering tools/call and does not offer resuming it (HTTP 405)");
        }
    }

    @Test
    void reportsASessionForgottenMidAnswerAndStartsANewOneForTheNextCall() throws Exception {
        try (FakeMcpServer server = dropping("s-3", exchange -> exchange.status(404));
             StreamableHttpUpstream upstream = upstream(server, fixture.options())) {
            assertThat(failureOf(upstream)).isEqualTo("Server 'remote' is unavailable: it ended the session while"
                    + " answering tools/call");

            assertThat(RemoteFixture.call(upstream, "tools/call", CALL).isError()).isFalse();
            assertThat(server.received("initialize")).hasSize(2);
        }
    }
}
