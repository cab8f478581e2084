package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.RecordingEvents;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretResolutionException;
import dev.gatehouse.vault.SecretResolver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ${secret:NAME}} in a remote server's headers and URL query: resolved for each request as it is built, so a
 * changed secret is sent on the next request and nothing holds a value in between; a missing one fails the server
 * with a state and message naming it, before anything is sent.
 */
@Timeout(60)
class RemoteSecretsTest {

    @RegisterExtension
    static final RemoteFixture fixture = new RemoteFixture();

    /** A vault stand-in whose values a test changes between requests; counts every resolution. */
    private static final class ChangingVault implements SecretResolver {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final AtomicInteger resolutions = new AtomicInteger();

        @Override
        public Secret resolve(SecretName name) throws SecretResolutionException {
            resolutions.incrementAndGet();
            String value = values.get(name.value());
            if (value == null) {
                throw SecretResolutionException.missing(name);
            }
            return Secret.copyOf(name, value.toCharArray());
        }
    }

    private static ServerConfig remote(FakeMcpServer server, String query, String headerName, String header)
            throws Exception {
        return ConfigLoader.parse("config.toml", """
                [servers.remote]
                url = "%s?%s"
                transport = "streamable-http"
                timeout_seconds = 10
                headers = { %s = "%s", X-Plain = "plain" }
                """.formatted(server.url(), query, headerName, header)).server("remote").orElseThrow();
    }

    @Test
    void headerAndQueryReferencesAreResolvedAsEachRequestIsBuiltAndAChangedValueGoesOutNext() throws Exception {
        ChangingVault vault = new ChangingVault();
        vault.values.put("token", "first-token");
        vault.values.put("key", "a key&with=reserved/chars");
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "sess-1"))) {
            ServerConfig config = remote(server, "region=eu&key=${secret:key}", "Authorization",
                    "Bearer ${secret:token}");
            try (StreamableHttpUpstream upstream = new StreamableHttpUpstream(config, new RecordingEvents(),
                    fixture.options(), vault)) {
                RemoteFixture.call(upstream, "tools/list", null);
                vault.values.put("token", "second-token");
                RemoteFixture.call(upstream, "tools/list", null);
            }
            FakeMcpServer.Received initialize = server.received("initialize").getFirst();
            assertThat(initialize.header("Authorization")).isEqualTo("Bearer first-token");
            assertThat(initialize.header("X-Plain")).isEqualTo("plain");
            assertThat(initialize.query()).startsWith("region=eu&key=")
                    .doesNotContain("secret").doesNotContain("with=");
            assertThat(URLDecoder.decode(initialize.query().substring("region=eu&key=".length()),
                    StandardCharsets.UTF_8)).isEqualTo("a key&with=reserved/chars");
            assertThat(server.received("tools/list")).extracting(r -> r.header("Authorization"))
                    .containsExactly("Bearer first-token", "Bearer second-token");
            assertThat(vault.resolutions.get()).as("two secrets for each request sent")
                    .isEqualTo(2 * server.received().size());
        }
    }

    @Test
    void aSecretDeletedWhileConnectedFailsTheNextRequestNamingItAndSendsNothingMore() throws Exception {
        ChangingVault vault = new ChangingVault();
        vault.values.put("token", "the-token");
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "sess-4"))) {
            ServerConfig config = remote(server, "a=b", "Authorization", "Bearer ${secret:token}");
            try (StreamableHttpUpstream upstream = new StreamableHttpUpstream(config, new RecordingEvents(),
                    fixture.options().withListenStream(true), vault)) {
                RemoteFixture.call(upstream, "tools/list", null);
                int sent = server.received("tools/list").size();
                vault.values.remove("token");
                assertThatThrownBy(() -> RemoteFixture.call(upstream, "tools/list", null))
                        .hasMessageContaining("secret 'token' is not in the vault");
                assertThat(server.received("tools/list")).hasSize(sent);
            }
        }
    }

    @Test
    void aMissingSecretFailsTheServerNamingTheSecretAndSendsNothing() throws Exception {
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "sess-2"))) {
            ServerConfig config = remote(server, "key=${secret:absent-key}", "X-Api-Key", "${secret:absent-key}");
            RecordingEvents events = new RecordingEvents();
            try (StreamableHttpUpstream upstream = new StreamableHttpUpstream(config, events, fixture.options(),
                    new ChangingVault())) {
                assertThatThrownBy(() -> RemoteFixture.call(upstream, "tools/list", null))
                        .hasMessageContaining("Server 'remote' is unavailable: secret 'absent-key' is not in the vault");
                UpstreamStatus status = upstream.status();
                assertThat(status.state()).isEqualTo(UpstreamStatus.State.FAILED);
                assertThat(status.lastError()).contains("secret 'absent-key' is not in the vault");
            }
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void aSecretAHeaderCannotCarryFailsTheServerWithoutShowingIt() throws Exception {
        ChangingVault vault = new ChangingVault();
        vault.values.put("token", "line-one\r\nX-Injected: yes");
        try (FakeMcpServer server = new FakeMcpServer(exchange -> FakeMcpServer.legacy(exchange, "sess-3"))) {
            ServerConfig config = remote(server, "a=b", "Authorization", "Bearer ${secret:token}");
            try (StreamableHttpUpstream upstream = new StreamableHttpUpstream(config, new RecordingEvents(),
                    fixture.options(), vault)) {
                assertThatThrownBy(() -> RemoteFixture.call(upstream, "tools/list", null))
                        .hasMessageContaining("header 'Authorization' references a secret holding characters a header"
                                + " cannot carry").message().doesNotContain("line-one");
                assertThat(upstream.status().lastError()).doesNotContain("line-one");
            }
            assertThat(server.received()).isEmpty();
        }
    }
}
