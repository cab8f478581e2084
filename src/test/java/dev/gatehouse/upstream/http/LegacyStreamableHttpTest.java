package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.CallOptions;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.RecordingEvents;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.JsonNodeFactory;

/** The legacy era over Streamable HTTP when all goes well: headers, the GET stream, progress, DELETE. */
@Timeout(60)
class LegacyStreamableHttpTest {

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    @Test
    void echoesTheSessionAndNegotiatedVersionAfterInitializeAndDeletesTheSessionOnClose() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "sess-9"))) {
            try (StreamableHttpUpstream upstream = fixture.upstream(server.url(), ServerConfig.RemoteTransport.AUTO,
                    Duration.ofSeconds(10), new RecordingEvents(), fixture.options())) {
                RemoteFixture.call(upstream, "tools/list", null);
            }

            FakeMcpServer.Received initialize = server.received("initialize").getFirst();
            assertThat(initialize.header("Mcp-Session-Id")).isNull();
            assertThat(initialize.header("Accept")).isEqualTo("application/json, text/event-stream");
            FakeMcpServer.Received list = server.received("tools/list").getFirst();
            assertThat(list.header("Mcp-Session-Id")).isEqualTo("sess-9");
            assertThat(list.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
            assertThat(server.received("notifications/initialized")).hasSize(1);
            FakeMcpServer.Received delete = server.received().stream()
                    .filter(r -> r.httpMethod().equals("DELETE")).findFirst().orElseThrow();
            assertThat(delete.header("Mcp-Session-Id")).isEqualTo("sess-9");
        }
    }

    @Test
    void carriesMessagesTheServerStartsOnTheGetStreamAndPostsTheAnswersBack() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            FakeMcpServer.Received request = exchange.request();
            if (request.httpMethod().equals("GET")) {
                exchange.startEvents();
                exchange.event("get-1", null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
                exchange.event("get-2", null, "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"roots/list\"}");
                exchange.stall(Duration.ofSeconds(20));
            } else if (request.body() != null && "srv-1".equals(request.body().path("id").asString(""))) {
                answered.countDown();
                exchange.status(202);
            } else {
                FakeMcpServer.legacy(exchange, "sess-get");
            }
        })) {
            RecordingEvents events = new RecordingEvents();
            events.answerRequestsWith((from, request) -> from.reply(Message.Response.success(request.id(),
                    JsonNodeFactory.instance.objectNode().set("roots", JsonNodeFactory.instance.arrayNode()))));
            try (StreamableHttpUpstream upstream = fixture.upstream(server.url(), ServerConfig.RemoteTransport.AUTO,
                    Duration.ofSeconds(10), events, fixture.options().withListenStream(true))) {
                upstream.handshake();

                await().atMost(Duration.ofSeconds(20)).until(() -> !events.notifications.isEmpty());
                assertThat(events.notifications.getFirst().method()).isEqualTo("notifications/tools/list_changed");
                assertThat(answered.await(20, TimeUnit.SECONDS)).isTrue();
                FakeMcpServer.Received reply = server.received().stream().filter(r -> r.body() != null
                        && "srv-1".equals(r.body().path("id").asString(""))).findFirst().orElseThrow();
                assertThat(reply.header("Mcp-Session-Id")).isEqualTo("sess-get");
                assertThat(reply.body().has("result")).isTrue();
            }
        }
    }

    @Test
    void progressOnTheAnswerStreamKeepsASlowCallAlive() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if (!"tools/call".equals(exchange.request().rpcMethod())) {
                FakeMcpServer.legacy(exchange, "sess-progress");
                return;
            }
            exchange.startEvents();
            for (int step = 1; step <= 6; step++) {
                exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                        + "{\"progressToken\":\"tok\",\"progress\":" + step + "}}");
                exchange.stall(Duration.ofMillis(200));
            }
            exchange.event(null, null, "{\"jsonrpc\":\"2.0\",\"id\":" + exchange.id()
                    + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slow but steady\"}]}}");
        })) {
            RecordingEvents events = new RecordingEvents();
            try (StreamableHttpUpstream upstream = fixture.upstream(server.url(), ServerConfig.RemoteTransport.AUTO,
                    Duration.ofSeconds(10), events, fixture.options())) {
                upstream.handshake();
                Message.Response response = upstream.call(RemoteFixture.request("tools/call",
                        "{\"name\":\"slow\",\"_meta\":{\"progressToken\":\"tok\"}}"),
                        new CallOptions(Duration.ofMillis(600))).response().get(10, TimeUnit.SECONDS);

                assertThat(response.result().path("content").get(0).path("text").asString())
                        .isEqualTo("slow but steady");
                assertThat(events.notifications).hasSize(6);
            }
        }
    }
}
