package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.RecordingEvents;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a remote upstream's requests may go (DESIGN invariant 7): the loopback URL the user wrote is reached, a
 * redirect is followed only where the address policy allows, to an address the pinned resolver checked, and a hop
 * to another origin carries none of the headers configured for the first.
 */
@Timeout(60)
class RemoteDestinationsTest {

    private static final String CALL = "{\"name\":\"work\",\"arguments\":{}}";

    /** A DNS server that answers what the test needs, including the addresses an attacker would aim at. */
    private static final HostLookup DNS = host -> switch (host) {
        case "metadata.test" -> List.of(InetAddress.getByName("169.254.169.254"));
        case "intranet.test" -> List.of(InetAddress.getByName("10.0.0.5"));
        case "127.0.0.1" -> List.of(InetAddress.getByName(host));
        default -> throw new UnknownHostException(host);
    };

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture(DNS);

    private static StreamableHttpUpstream upstream(URI url, Map<String, String> headers) {
        ServerConfig config = ServerConfig.remote("remote", new ServerConfig.Remote(url, headers,
                ServerConfig.RemoteTransport.STREAMABLE_HTTP), true, Duration.ofSeconds(10));
        return new StreamableHttpUpstream(config, new RecordingEvents(), fixture.options());
    }

    private static FakeMcpServer redirecting(String location) throws Exception {
        return new FakeMcpServer(exchange -> exchange.header("Location", location).status(307));
    }

    @Test
    void refusesARedirectToANameThatResolvesToTheLinkLocalMetadataAddress() throws Exception {
        try (FakeMcpServer server = redirecting("https://metadata.test/latest/meta-data");
             StreamableHttpUpstream upstream = upstream(server.url(), Map.of())) {
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("metadata.test resolved to 169.254.169.254, a link-local address");
        }
    }

    @Test
    void refusesARedirectToAPrivateAddressOverHttpsAndOverPlainHttp() throws Exception {
        try (FakeMcpServer https = redirecting("https://intranet.test:8443/admin");
             FakeMcpServer http = redirecting("http://10.0.0.5/admin");
             StreamableHttpUpstream overHttps = upstream(https.url(), Map.of());
             StreamableHttpUpstream overHttp = upstream(http.url(), Map.of())) {
            assertThatThrownBy(overHttps::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("intranet.test resolved to 10.0.0.5, a private (RFC 1918) address");
            assertThatThrownBy(overHttp::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("a redirect from 127.0.0.1 was refused: plain http to 10.0.0.5 is refused");
        }
    }

    @Test
    void refusesARedirectToAnotherLoopbackPortTheUserNeverWrote() throws Exception {
        try (FakeMcpServer other = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "other"));
             FakeMcpServer server = redirecting("http://127.0.0.1:" + other.url().getPort() + "/mcp");
             StreamableHttpUpstream upstream = upstream(server.url(), Map.of())) {
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("plain http to 127.0.0.1 is refused");
            assertThat(other.received()).isEmpty();
        }
    }

    @Test
    void reachesAUserWrittenLoopbackUrlAndFollowsASameOriginRedirectWithItsCredential() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> {
            if (exchange.request().path().equals("/old")) {
                exchange.header("Location", "/mcp").status(308);
            } else {
                FakeMcpServer.legacy(exchange, "s-1");
            }
        }); StreamableHttpUpstream upstream = upstream(server.url().resolve("/old"),
                Map.of("Authorization", "Bearer same-server", "X-Api-Key", "k1"))) {
            Message.Response answer = RemoteFixture.call(upstream, "tools/call", CALL);

            assertThat(answer.isError()).isFalse();
            FakeMcpServer.Received call = server.received("tools/call").stream()
                    .filter(r -> r.path().equals("/mcp")).findFirst().orElseThrow();
            assertThat(call.header("Authorization")).isEqualTo("Bearer same-server");
            assertThat(call.header("X-Api-Key")).isEqualTo("k1");
        }
    }

    @Test
    void aRedirectToAnotherTrustedOriginCarriesNoneOfTheConfiguredHeaders() throws Exception {
        try (FakeMcpServer target = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "t-1"));
             FakeMcpServer server = redirecting("http://127.0.0.1:" + target.url().getPort() + "/mcp");
             StreamableHttpUpstream trusted = upstream(target.url(), Map.of());
             StreamableHttpUpstream upstream = upstream(server.url(),
                     Map.of("Authorization", "Bearer first-server", "X-Api-Key", "k1"))) {
            assertThat(RemoteFixture.call(upstream, "tools/call", CALL).isError()).isFalse();

            FakeMcpServer.Received call = target.received("tools/call").getFirst();
            assertThat(call.header("Authorization")).isNull();
            assertThat(call.header("X-Api-Key")).isNull();
            assertThat(call.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
            assertThat(trusted.status().state()).isNotNull();
        }
    }

    @Test
    void refusesToSendAConfiguredHeaderValueThatCouldSplitTheRequest() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "s-1"));
             StreamableHttpUpstream upstream = upstream(server.url(), Map.of("X-Api-Key", "k1\r\nX-Evil: 1"))) {
            assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                    .hasMessageContaining("value of header 'X-Api-Key' holds a control or non-Latin-1 character")
                    .hasMessageNotContaining("k1");
            assertThat(server.received()).isEmpty();
        }
    }
}
