package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.RecordingMcpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hop-by-hop headers, and the credentials and cookies of either side, do not cross the gateway on the remote path,
 * in either direction: a client's Connection-named, Keep-Alive, TE, Proxy-Authorization, Authorization and Cookie
 * headers never reach the server, and a server's Keep-Alive, Proxy-Authenticate, Set-Cookie and other headers
 * never reach the client. Configuring a hop-by-hop header for a server is refused where it is written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteHeaderHygieneTest {

    private static final String CALL = """
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"remote__echo","arguments":{}}}""";

    @Test
    void hopByHopHeadersCredentialsAndCookiesCrossInNeitherDirection() throws Exception {
        try (RecordingMcpServer remote = new RecordingMcpServer(Map.of("Keep-Alive", "timeout=99",
                "Proxy-Authenticate", "Basic realm=upstream", "Set-Cookie", "sid=server-cookie",
                "X-Server-Only", "server-private"));
             RunningGateway gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                     List.of(ServerConfig.remote("remote", ServerConfig.Remote.of(remote.url()), true,
                             Duration.ofSeconds(30)))))) {
            McpSessionClient session = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(session.initialize().status()).isEqualTo(200);
            String request = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port() + "\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Mcp-Session-Id: " + session.sessionId() + "\r\nMCP-Protocol-Version: 2025-11-25\r\n"
                    + "Connection: close, X-Hop-Secret\r\nX-Hop-Secret: client-hop\r\nKeep-Alive: timeout=5\r\n"
                    + "TE: trailers\r\nProxy-Authorization: Basic Y2xpZW50OnByb3h5\r\n"
                    + "Authorization: Bearer client-credential\r\nCookie: sid=client-cookie\r\n"
                    + "Content-Length: " + CALL.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + CALL;
            RawHttp.Reply reply = new RawHttp(gateway.port()).sendRaw(request.getBytes(StandardCharsets.UTF_8),
                    false);

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("echoed");
            String upstream = String.join("\n", remote.headerLines()).toLowerCase(java.util.Locale.ROOT);
            assertThat(upstream).contains("mcp-protocol-version").doesNotContain("x-hop-secret", "client-hop",
                    "keep-alive", "te: trailers", "proxy-authorization", "y2xpzw50onbyb3h5", "authorization",
                    "client-credential", "cookie");
            String toClient = String.join("\n", reply.headers().stream().map(h -> h[0] + ": " + h[1]).toList())
                    .toLowerCase(java.util.Locale.ROOT);
            assertThat(toClient).doesNotContain("keep-alive", "proxy-authenticate", "set-cookie", "server-cookie",
                    "x-server-only", "server-private");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "TE",
            "Trailer", "Transfer-Encoding", "Upgrade"})
    void configuringAHopByHopHeaderForAServerIsRefusedWhereItIsWritten(String header) {
        String toml = """
                [servers.remote]
                url = "https://mcp.example.com/mcp"
                headers = { %s = "x" }
                """.formatted(header);
        assertThatThrownBy(() -> ConfigLoader.parse("config.toml", toml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems().toString())
                        .contains("config.toml:3:", "header '" + header + "' is set by the MCP transport itself"));
    }
}
