package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.net.ServerClient;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.testing.RecordingEvents;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remote MCP calls over TLS use HTTP/2 when the server offers it through ALPN, and HTTP/1.1 when it does not. The
 * server is a loopback Jetty with a self-signed certificate made for this test; only this test's client trusts it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http2RemoteTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "test-only";

    @TempDir
    static Path dir;
    private static Path keyStoreFile;

    private final List<HttpVersion> versions = new CopyOnWriteArrayList<>();
    private Server server;
    private ServerClient client;
    private ScheduledExecutorService scheduler;
    private StreamableHttpUpstream upstream;

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        keyStoreFile = dir.resolve("server.p12");
        Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-keystore", keyStoreFile.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8)).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        if (client != null) {
            client.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        server.stop();
    }

    @Test
    void aServerThatOffersH2OverTlsIsSpokenToOverHttp2() throws Exception {
        URI url = start(true);

        Message.Response tools = callThroughTheUpstream(url);

        assertThat(tools.result().path("tools").path(0).path("name").asString()).isEqualTo("hello");
        assertThat(versions).isNotEmpty().containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void aTlsServerWithoutH2IsSpokenToOverHttp11() throws Exception {
        URI url = start(false);

        Message.Response tools = callThroughTheUpstream(url);

        assertThat(tools.result().path("tools").path(0).path("name").asString()).isEqualTo("hello");
        assertThat(versions).isNotEmpty().containsOnly(HttpVersion.HTTP_1_1);
    }

    private Message.Response callThroughTheUpstream(URI url) throws Exception {
        client = ServerClient.start(ServerClient.SETTINGS, HostLookup.SYSTEM,
                ClientIdentity.NAME + "/" + ClientIdentity.VERSION, trustingOnlyTheTestCertificate());
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        ServerConfig config = ServerConfig.remote("tls", new ServerConfig.Remote(url, Map.of(),
                ServerConfig.RemoteTransport.STREAMABLE_HTTP), true, Duration.ofSeconds(20));
        upstream = new StreamableHttpUpstream(config, new RecordingEvents(),
                RemoteOptions.defaults(client, scheduler).withListenStream(false));
        assertThat(upstream.handshake().serverInfo().path("name").asString()).isEqualTo("tls-fixture");
        Message.Response tools = RemoteFixture.call(upstream, "tools/list", null);
        assertThat(tools.isError()).as("error %s", tools.error()).isFalse();
        return tools;
    }

    private static KeyStore trustingOnlyTheTestCertificate() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        return trust;
    }

    private URI start(boolean offerH2) throws Exception {
        server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStoreFile.toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http11 = new HttpConnectionFactory(config);
        ConnectionFactory[] factories;
        if (offerH2) {
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol(http11.getProtocol());
            factories = new ConnectionFactory[] {new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11};
        } else {
            factories = new ConnectionFactory[] {new SslConnectionFactory(tls, http11.getProtocol()), http11};
        }
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                versions.add(request.getConnectionMetaData().getHttpVersion());
                answer(request, response, callback);
                return true;
            }
        });
        server.start();
        return URI.create("https://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    }

    /** A minimal legacy Streamable HTTP server: initialize, tools/list, and -32601 for anything else. */
    private static void answer(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            response.setStatus(405);
            callback.succeeded();
            return;
        }
        JsonNode message = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
        if (!message.has("id")) {
            response.setStatus(202);
            callback.succeeded();
            return;
        }
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", message.get("id"));
        switch (message.path("method").asString()) {
            case "initialize" -> {
                ObjectNode result = reply.putObject("result").put("protocolVersion", "2025-11-25");
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "tls-fixture").put("version", "1");
                response.getHeaders().put("Mcp-Session-Id", "tls-session");
            }
            case "tools/list" -> reply.putObject("result").putArray("tools").addObject().put("name", "hello")
                    .putObject("inputSchema").put("type", "object");
            default -> reply.putObject("error").put("code", -32601).put("message", "no such method");
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(reply)), callback);
    }
}
