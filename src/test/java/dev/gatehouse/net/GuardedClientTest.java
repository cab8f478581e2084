package dev.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound client against a real loopback server. The user "wrote" 127.0.0.1 (so plain http to it is
 * allowed); every redirect target is a URL the user did not write and must pass the policy on its own.
 */
@Timeout(60)
class GuardedClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final FakeDns dns = new FakeDns()
            .answer("localhost", "127.0.0.1")
            .answer("metadata.test", "169.254.169.254")
            .answer("ula.test", "fd00:ec2::254")
            .answer("mixed.test", "8.8.8.8,10.0.0.1");
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private LoopbackTestServer server;
    private HttpClient http;
    private GuardedClient client;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackTestServer();
        AddressPolicy policy = AddressPolicy.trusting(List.of(URI.create("http://127.0.0.1:" + server.port()),
                URI.create("http://localhost:" + server.port())));
        http = ClientFactory.create(ClientFactory.Settings.DEFAULTS, policy, dns, executor, "gatehouse-test");
        http.start();
        client = new GuardedClient(http, policy, 3);
    }

    @AfterEach
    void stop() throws Exception {
        http.stop();
        server.close();
        executor.shutdownNow();
    }

    private GuardedResponse get(URI uri) throws IOException, InterruptedException {
        return client.send(OutboundRequest.get(uri, TIMEOUT, 1024 * 1024));
    }

    @Test
    void fetchesAUserWrittenLoopbackUrlAndDropsServerCookiesAndHopByHopHeaders() throws Exception {
        GuardedResponse response = get(server.url("127.0.0.1", "/ok"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(response.headers().get("X-Kept")).isEqualTo("yes");
        assertThat(response.headers().get("Set-Cookie")).isNull();
        assertThat(response.headers().get("Keep-Alive")).isNull();
    }

    @Test
    void followsARelativeRedirectOnTheSameUserWrittenOrigin() throws Exception {
        GuardedResponse response = get(server.redirect("127.0.0.1", "/ok", 302));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.uri().getPath()).isEqualTo("/ok");
    }

    @ParameterizedTest(name = "a redirect to {0} is refused")
    @ValueSource(strings = {
            "https://169.254.169.254/latest/meta-data/",
            "https://metadata.test/computeMetadata/v1/",
            "https://[fd00:ec2::254]/latest/meta-data/",
            "https://ula.test/",
            "https://[::ffff:169.254.169.254]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[2002:a9fe:a9fe::1]/",
            "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",
            "https://10.0.0.1/",
            "https://172.16.0.1/",
            "https://192.168.0.1/",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://224.0.0.1/",
            "https://[ff02::1]/",
            "https://[fe80::1]/",
            "https://mixed.test/",
            "https://127.0.0.1/",
            "https://localhost.:1/",
            "http://8.8.8.8/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/plain,hello",
            "vbscript:msgbox(1)",
            "ftp://127.0.0.1/",
            "gopher://127.0.0.1:6379/_FLUSHALL",
            "https://user:pass@example.com/",
    })
    void refusesRedirectsToPlacesTheUserDidNotWrite(String target) {
        assertThatThrownBy(() -> get(server.redirect("127.0.0.1", target, 302)))
                .isInstanceOf(DestinationRefusedException.class);
        assertThat(server.seen()).extracting(LoopbackTestServer.Seen::path).containsOnly("/redirect");
    }

    @Test
    void refusesPlainHttpToALoopbackHostTheUserDidNotWrite() {
        // The user wrote 127.0.0.1 and localhost on this port; 127.0.0.2 is another host.
        assertThatThrownBy(() -> get(server.redirect("127.0.0.1", "http://127.0.0.2:" + server.port() + "/ok", 307)))
                .isInstanceOf(DestinationRefusedException.class)
                .hasMessageContaining("plain http");
    }

    @Test
    void stopsAfterTheRedirectLimit() {
        URI loop = server.redirect("127.0.0.1", "/redirect?to=/redirect%3Fto%3D/redirect%253Fto%253D/redirect", 302);
        assertThatThrownBy(() -> get(loop))
                .isInstanceOf(DestinationRefusedException.class)
                .hasMessageContaining("more than 3 redirects");
    }

    @Test
    void dropsCredentialsWhenARedirectChangesOrigin() throws Exception {
        URI start = server.redirect("127.0.0.1", "http://localhost:" + server.port() + "/ok", 307);
        GuardedResponse response = client.send(new OutboundRequest("GET", start,
                Map.of("Authorization", "Bearer only-for-127", "Cookie", "a=b"), null, null, TIMEOUT, 1024));
        assertThat(response.status()).isEqualTo(200);
        assertThat(server.seen().getFirst().authorization()).isEqualTo("Bearer only-for-127");
        assertThat(server.seen().getLast().path()).isEqualTo("/ok");
        assertThat(server.seen().getLast().authorization()).isNull();
        assertThat(server.seen().getLast().cookie()).isNull();
    }

    @Test
    void keepsCredentialsOnASameOriginRedirect() throws Exception {
        GuardedResponse response = client.send(new OutboundRequest("GET", server.redirect("127.0.0.1", "/ok", 308),
                Map.of("Authorization", "Bearer t"), null, null, TIMEOUT, 1024));
        assertThat(response.status()).isEqualTo(200);
        assertThat(server.seen().getLast().authorization()).isEqualTo("Bearer t");
    }

    @Test
    void turnsAPostInto303sGetWithoutBody() throws Exception {
        GuardedResponse response = client.send(new OutboundRequest("POST", server.redirect("127.0.0.1", "/ok", 303),
                Map.of(), "{}".getBytes(StandardCharsets.UTF_8), "application/json", TIMEOUT, 1024));
        assertThat(response.status()).isEqualTo(200);
        assertThat(server.seen().getLast().method()).isEqualTo("GET");
    }

    @Test
    void cutsAResponseLargerThanItsCap() {
        assertThatThrownBy(() -> client.send(OutboundRequest.get(server.url("127.0.0.1", "/big"), TIMEOUT, 1024)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DestinationRefusedException.class);
    }

    @Test
    void refusesAHeaderWithAControlCharacterBeforeSending() {
        assertThatThrownBy(() -> new OutboundRequest("GET", server.url("127.0.0.1", "/ok"),
                Map.of("X-Smuggle", "a\r\nHost: evil"), null, null, TIMEOUT, 1024))
                .isInstanceOf(HeaderRejectedException.class)
                .hasMessageNotContaining("evil");
    }

    @Test
    void aNameThatRebindsToLoopbackAfterACheckIsRefusedAtConnectWithoutAConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        listener.accept().close();
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            // First answer public (what an earlier check saw), then loopback (what a rebinding server answers next).
            dns.answer("rebind.test", "8.8.8.8", "127.0.0.1");
            PinnedResolver resolver = new PinnedResolver(AddressPolicy.strict(), dns, executor);
            assertThat(resolver.resolveNow("rebind.test", listener.getLocalPort())).hasSize(1);
            int before = dns.lookups();
            assertThatThrownBy(() -> get(URI.create("https://rebind.test:" + listener.getLocalPort() + "/")))
                    .isInstanceOf(DestinationRefusedException.class)
                    .hasMessageContaining("127.0.0.1")
                    .hasMessageContaining("loopback");
            // One lookup for the connection: the address checked is the address that would have been used.
            assertThat(dns.lookups() - before).isEqualTo(1);
            assertThat(accepted).hasValue(0);
            listener.close();
            acceptor.join(Duration.ofSeconds(5));
        }
    }

    @Test
    void refusesAClientThatFollowsRedirectsOnItsOwn() {
        HttpClient following = new HttpClient();
        following.setFollowRedirects(true);
        assertThatThrownBy(() -> new GuardedClient(following, AddressPolicy.strict(), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendOnceReturnsARedirectWithoutFollowingItAndStillChecksTheUrl() throws Exception {
        GuardedResponse response = client.sendOnce(OutboundRequest.get(server.redirect("127.0.0.1",
                "http://127.0.0.1:1/elsewhere", 302), TIMEOUT, 1024));
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers().get("Location")).isEqualTo("http://127.0.0.1:1/elsewhere");
        assertThat(server.seen()).hasSize(1);
        assertThatThrownBy(() -> client.sendOnce(OutboundRequest.get(URI.create("file:///etc/passwd"), TIMEOUT,
                1024))).isInstanceOf(DestinationRefusedException.class);
    }
}
