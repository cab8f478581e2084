package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.RecordingEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A remote server that misbehaves: drops the stream mid-answer, forgets a live session, stalls, or sends garbage.
 * Each gives a transparent recovery or a clear error, never a hang and never a silent empty success.
 */
@Timeout(60)
class RemoteFaultsTest {

    private static final String CALL = "{\"name\":\"work\",\"arguments\":{}}";
    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    private static StreamableHttpUpstream upstream(FakeMcpServer server, Duration timeout) {
        return fixture.upstream(server.url(), ServerConfig.RemoteTransport.STREAMABLE_HTTP, timeout,
                new RecordingEvents(), fixture.options());
    }

    private static GatewayFailure failureOf(StreamableHttpUpstream upstream, String params) {
        ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> RemoteFixture.call(upstream, "tools/call", params));
        assertThat(thrown.getCause()).isInstanceOf(GatewayFailure.class);
        return (GatewayFailure) thrown.getCause();
    }

    private static String text(Message.Response response) {
        return response.result().path("content").get(0).path("text").asString();
    }

    @Test
    void resumesAStreamDroppedMidAnswerFromTheLastEventAfterTheAdvisedWait() throws Exception {
        AtomicLong droppedAt = new AtomicLong();
        AtomicLong resumedAt = new AtomicLong();
        AtomicReference<String> callId = new AtomicReference<>();
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            FakeMcpServer.Received request = exchange.request();
            if ("tools/call".equals(request.rpcMethod())) {
                callId.set(exchange.id());
                exchange.header("Mcp-Session-Id", "s-1").startEvents();
                exchange.event("stream-1:0", 300L, "");
                droppedAt.set(System.nanoTime());
                exchange.end();
            } else if ("GET".equals(request.httpMethod()) && request.header("Last-Event-ID") != null) {
                resumedAt.set(System.nanoTime());
                exchange.startEvents();
                exchange.event("stream-1:1", null, "{\"jsonrpc\":\"2.0\",\"id\":" + callId.get()
                        + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"resumed\"}]}}");
            } else {
                FakeMcpServer.legacy(exchange, "s-1");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("resumed");

            FakeMcpServer.Received resume = server.received().stream()
                    .filter(r -> r.header("Last-Event-ID") != null).findFirst().orElseThrow();
            assertThat(resume.header("Last-Event-ID")).isEqualTo("stream-1:0");
            assertThat(resume.header("Mcp-Session-Id")).isEqualTo("s-1");
            assertThat(TimeUnit.NANOSECONDS.toMillis(resumedAt.get() - droppedAt.get())).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void reportsAStreamDroppedWithoutAnEventIdAsAClearError() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.startEvents();
                exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                        + "\"params\":{\"level\":\"info\",\"data\":\"working\"}}");
                exchange.end();
            } else {
                FakeMcpServer.legacy(exchange, "s-2");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            assertThat(failureOf(upstream, CALL)).hasMessageContaining(
                    "closed the stream before answering tools/call, with no event id to resume from");
        }
    }

    @Test
    void startsANewSessionAndSendsTheRequestAgainWhenTheServerForgetsTheLiveOne() throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            FakeMcpServer.Received request = exchange.request();
            if ("initialize".equals(request.rpcMethod())) {
                FakeMcpServer.legacy(exchange, "session-" + sessions.incrementAndGet());
            } else if ("tools/call".equals(request.rpcMethod()) && "session-1".equals(request.header("Mcp-Session-Id"))) {
                exchange.json(404, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,"
                        + "\"message\":\"Session not found\"}}");
            } else {
                FakeMcpServer.legacy(exchange, "session-" + sessions.get());
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            upstream.handshake();

            assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("ok");

            assertThat(server.received("initialize")).hasSize(2);
            assertThat(server.received("tools/call")).extracting(r -> r.header("Mcp-Session-Id"))
                    .containsExactly("session-1", "session-2");
            assertThat(upstream.status().state()).isEqualTo(UpstreamStatus.State.READY);
            assertThat(upstream.status().restarts()).isEqualTo(1);
        }
    }

    @Test
    void failsClearlyWhenTheNewSessionIsForgottenAtOnceToo() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.status(404);
            } else {
                FakeMcpServer.legacy(exchange, "always-forgotten");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            assertThat(failureOf(upstream, CALL)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("ended the session again right away (HTTP 404 to tools/call)");
            assertThat(server.received("tools/call")).hasSize(2);
        }
    }

    @Test
    void timesOutAStalledServerAndTellsItTheCallIsCancelled() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.startEvents();
                exchange.stall(Duration.ofSeconds(30));
            } else {
                FakeMcpServer.legacy(exchange, "s-stall");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            upstream.handshake();
            long started = System.nanoTime();
            ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> upstream.call(RemoteFixture.request("tools/call", CALL),
                            new CallOptions(Duration.ofMillis(800))).response().get(10, TimeUnit.SECONDS));

            assertThat(thrown.getCause()).isInstanceOf(GatewayFailure.UpstreamTimeout.class)
                    .hasMessageContaining("did not answer tools/call within 800 ms");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> !server.received("notifications/cancelled").isEmpty());
            assertThat(server.received("notifications/cancelled").getFirst().body().path("params")
                    .path("requestId").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void timesOutAServerThatNeverAnswersTheHandshake() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> exchange.stall(Duration.ofSeconds(30)));
             StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
            assertThat(upstream.status().state()).isEqualTo(UpstreamStatus.State.FAILED);
        }
    }

    @Test
    void turnsGarbageIntoClearErrors() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if (!"tools/call".equals(exchange.request().rpcMethod())) {
                FakeMcpServer.legacy(exchange, "s-garbage");
                return;
            }
            switch (calls.incrementAndGet()) {
                case 1 -> exchange.body(200, "text/html", "<html>oops</html>");
                case 2 -> exchange.json(200, "this is not json");
                case 3 -> exchange.json(200, "");
                case 4 -> exchange.json(200, "{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":{}}");
                case 5 -> exchange.status(202);
                case 6 -> {
                    exchange.startEvents();
                    exchange.event(null, null, "{not json");
                    exchange.end();
                }
                default -> FakeMcpServer.legacy(exchange, "s-garbage");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            List<String> messages = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                messages.add(failureOf(upstream, CALL).getMessage());
            }

            assertThat(messages).containsExactly(
                    "Server 'remote' is unavailable: it answered tools/call with content type 'text/html', neither"
                            + " JSON nor an event stream",
                    "Server 'remote' is unavailable: it answered with a body that is not JSON-RPC (HTTP 200)",
                    "Server 'remote' is unavailable: it answered with a body that is not JSON-RPC (HTTP 200)",
                    "Server 'remote' is unavailable: it answered tools/call with a JSON-RPC message that is not its"
                            + " response",
                    "Server 'remote' is unavailable: it accepted tools/call but never answered it (HTTP 202)",
                    "Server 'remote' is unavailable: it closed the stream before answering tools/call, with no event"
                            + " id to resume from");
            assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("ok");
        }
    }

    @Test
    void passesAJsonRpcErrorInAnHttpErrorOnAsTheAnswer() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.json(400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32602,"
                        + "\"message\":\"Unknown tool: work\"}}");
            } else {
                FakeMcpServer.legacy(exchange, "s-error");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            Message.Response response = RemoteFixture.call(upstream, "tools/call", CALL);

            assertThat(response.isError()).isTrue();
            assertThat(response.error().code()).isEqualTo(-32602);
            assertThat(response.id().value().isIntegralNumber()).isTrue();
        }
    }

    @Test
    void startsANewSessionWhenTheServerAnswers400ToASessionItNoLongerAccepts() throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            FakeMcpServer.Received request = exchange.request();
            if ("initialize".equals(request.rpcMethod())) {
                FakeMcpServer.legacy(exchange, "gone-" + sessions.incrementAndGet());
            } else if ("gone-1".equals(request.header("Mcp-Session-Id"))) {
                exchange.json(400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,"
                        + "\"message\":\"Bad Request: No valid session ID provided\"}}");
            } else {
                FakeMcpServer.legacy(exchange, "gone-" + sessions.get());
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            upstream.handshake();

            assertThat(text(RemoteFixture.call(upstream, "tools/call", CALL))).isEqualTo("ok");
            assertThat(server.received("ping")).extracting(r -> r.header("Mcp-Session-Id")).containsExactly("gone-1");
            assertThat(server.received("tools/call")).extracting(r -> r.header("Mcp-Session-Id"))
                    .containsExactly("gone-1", "gone-2");
        }
    }

    @Test
    void deliversA400AboutTheRequestItselfWhenTheSessionStillAnswersPings() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.json(400, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"error\":{\"code\":-32600,"
                        + "\"message\":\"Invalid Request\"}}");
            } else {
                FakeMcpServer.legacy(exchange, "alive");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(10))) {
            Message.Response response = RemoteFixture.call(upstream, "tools/call", CALL);

            assertThat(response.isError()).isTrue();
            assertThat(response.error().code()).isEqualTo(-32600);
            assertThat(server.received("initialize")).hasSize(1);
        }
    }

    @Test
    void anAnswerEventOverTheSizeLimitFailsTheCallAtOnceInsteadOfWaitingOutTheTimeout() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.startEvents();
                exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":"
                        + "{\"level\":\"info\",\"data\":\"" + "n".repeat(100_000) + "\"}}");
                exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"result\":{\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"" + "a".repeat(100_000) + "\"}]}}");
                exchange.stall(Duration.ofSeconds(30));
            } else {
                FakeMcpServer.legacy(exchange, "s-big");
            }
        }); StreamableHttpUpstream upstream = fixture.upstream(server.url(),
                ServerConfig.RemoteTransport.STREAMABLE_HTTP, Duration.ofSeconds(40), new RecordingEvents(),
                fixture.options().withMaxMessageBytes(64 * 1024))) {
            upstream.handshake();
            long started = System.nanoTime();

            assertThat(failureOf(upstream, CALL)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessage("Server 'remote' is unavailable: it answered tools/call with an event over the"
                            + " 65536-byte limit");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(20_000);
        }
    }

    @Test
    void aGarbledAnswerEventCarryingTheCallsIdFailsTheCallAtOnce() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.startEvents();
                exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id() + ",\"result\":{\"content\":[");
                exchange.stall(Duration.ofSeconds(30));
            } else {
                FakeMcpServer.legacy(exchange, "s-garbled");
            }
        }); StreamableHttpUpstream upstream = upstream(server, Duration.ofSeconds(40))) {
            upstream.handshake();
            long started = System.nanoTime();

            assertThat(failureOf(upstream, CALL)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessage("Server 'remote' is unavailable: it answered tools/call with an event that is not"
                            + " JSON-RPC");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(20_000);
        }
    }

    @Test
    void aJsonAnswerBodyOverTheSizeLimitFailsTheCallAtOnce() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if ("tools/call".equals(exchange.request().rpcMethod())) {
                exchange.result("{\"content\":[{\"type\":\"text\",\"text\":\"" + "a".repeat(100_000) + "\"}]}");
            } else {
                FakeMcpServer.legacy(exchange, "s-big-json");
            }
        }); StreamableHttpUpstream upstream = fixture.upstream(server.url(),
                ServerConfig.RemoteTransport.STREAMABLE_HTTP, Duration.ofSeconds(40), new RecordingEvents(),
                fixture.options().withMaxMessageBytes(64 * 1024))) {
            assertThat(failureOf(upstream, CALL)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessage("Server 'remote' is unavailable: it answered with a body over 65536 bytes");
        }
    }
}
