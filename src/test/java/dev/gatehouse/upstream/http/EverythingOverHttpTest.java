package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.EverythingHttpServer;
import dev.gatehouse.testing.RecordingEvents;
import dev.gatehouse.testing.TestPeers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote upstream against server-everything over Streamable HTTP and over the old HTTP+SSE transport. */
@Timeout(120)
class EverythingOverHttpTest {

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    @Test
    void speaksLegacyStreamableHttpAfterTheModernProbeFails() throws Exception {
        try (EverythingHttpServer server = EverythingHttpServer.start(EverythingHttpServer.Mode.STREAMABLE_HTTP,
                TestPeers.projectDir().resolve("target/everything-http/streamable.log"))) {
            RecordingEvents events = new RecordingEvents();
            try (StreamableHttpUpstream upstream = fixture.upstream(server.url(), ServerConfig.RemoteTransport.AUTO,
                    Duration.ofSeconds(20), events, fixture.options())) {
                assertThat(upstream.handshake().protocolVersion()).isEqualTo("2025-11-25");
                assertThat(upstream.transport()).isEqualTo("streamable-http");
                assertThat(upstream.status().state()).isEqualTo(UpstreamStatus.State.READY);

                Message.Response tools = RemoteFixture.call(upstream, "tools/list", null);
                assertThat(tools.result().path("tools").values()).extracting(tool -> tool.path("name").asString())
                        .contains("echo");
                Message.Response echo = RemoteFixture.call(upstream, "tools/call",
                        "{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}");
                assertThat(echo.result().path("content").get(0).path("text").asString()).isEqualTo("Echo: hi");
            }
        }
    }

    @Test
    void fallsBackToHttpPlusSseWhenStreamableHttpIsRefused() throws Exception {
        try (EverythingHttpServer server = EverythingHttpServer.start(EverythingHttpServer.Mode.SSE,
                TestPeers.projectDir().resolve("target/everything-http/sse.log"))) {
            RecordingEvents events = new RecordingEvents();
            try (StreamableHttpUpstream upstream = fixture.upstream(server.url(), ServerConfig.RemoteTransport.AUTO,
                    Duration.ofSeconds(20), events, fixture.options())) {
                assertThat(upstream.handshake().serverInfo().path("name").asString()).isNotEmpty();
                assertThat(upstream.transport()).isEqualTo("sse");

                Message.Response echo = RemoteFixture.call(upstream, "tools/call",
                        "{\"name\":\"echo\",\"arguments\":{\"message\":\"over sse\"}}");
                assertThat(echo.result().path("content").get(0).path("text").asString())
                        .isEqualTo("Echo: over sse");
            }
        }
    }
}
