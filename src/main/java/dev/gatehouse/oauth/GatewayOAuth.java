package dev.gatehouse.oauth;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.net.AddressPolicy;
import dev.gatehouse.net.ClientFactory;
import dev.gatehouse.net.GuardedClient;
import dev.gatehouse.net.HostLookup;
import java.net.URI;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.gatehouse.vault.Vault;
import org.eclipse.jetty.client.HttpClient;

/**
 * The gateway's OAuth client and the guarded HTTP client it speaks through. The redirect URI is the MCP plane's
 * {@code http://127.0.0.1:PORT/oauth/callback}, known once the plane listens ({@link #listenOn}). Discovered URLs
 * may reach plain http on loopback only when a server the user configured is itself plain http on loopback
 * (development on one machine); otherwise they must be https to public addresses.
 */
public final class GatewayOAuth implements AutoCloseable {

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final OAuthCredentials credentials;
    private volatile int port;

    private GatewayOAuth(HttpClient client, OAuthHttp http, AddressPolicy policy, CredentialStore store,
                         InstantSource clock) {
        this.client = client;
        this.credentials = new OAuthCredentials(http, policy, store, clock,
                (server, url) -> ClientSettings.unregistered(redirectUri()));
    }

    /** Starts the client for the servers at {@code remoteUrls} (as configured), keeping credentials in {@code store}. */
    public static GatewayOAuth start(Collection<URI> remoteUrls, CredentialStore store, InstantSource clock,
                                     String userAgent) throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(remoteUrls);
        if (remoteUrls.stream().anyMatch(GatewayOAuth::isLoopbackHttp)) {
            policy = policy.allowingLoopbackDevelopment();
        }
        HttpClient client = ClientFactory.create(ClientFactory.Settings.DEFAULTS, policy, HostLookup.SYSTEM,
                runnable -> Thread.ofVirtual().start(runnable), userAgent);
        client.start();
        return new GatewayOAuth(client, new OAuthHttp(new GuardedClient(client, policy, MAX_REDIRECTS)), policy,
                store, clock);
    }

    /**
     * The client for the remote servers of {@code config}, with tokens in {@code vault} (in memory without one: a
     * gateway started without a home forgets its sign-ins when it stops).
     */
    public static GatewayOAuth forConfig(GatewayConfig config, Optional<Vault> vault) throws Exception {
        List<URI> remotes = config.servers().stream().filter(ServerConfig::isRemote).map(s -> s.remote().url())
                .toList();
        CredentialStore store = vault.<CredentialStore>map(VaultCredentialStore::new)
                .orElseGet(MemoryCredentialStore::new);
        return start(remotes, store, InstantSource.system(), ClientIdentity.NAME + "/" + ClientIdentity.VERSION);
    }

    /** The MCP plane's port, for the redirect URI. */
    public void listenOn(int planePort) {
        this.port = planePort;
    }

    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + port + "/oauth/callback");
    }

    public OAuthCredentials credentials() {
        return credentials;
    }

    private static boolean isLoopbackHttp(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return "http".equalsIgnoreCase(url.getScheme())
                && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
