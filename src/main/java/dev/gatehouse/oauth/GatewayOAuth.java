package dev.gatehouse.oauth;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.RemoteAuth;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.net.AddressPolicy;
import dev.gatehouse.net.ClientFactory;
import dev.gatehouse.net.DestinationRefusedException;
import dev.gatehouse.net.GuardedClient;
import dev.gatehouse.net.HostLookup;
import java.net.URI;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretResolutionException;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.Vault;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's OAuth client and the guarded HTTP client it speaks through. The redirect URI is the MCP plane's
 * {@code http://127.0.0.1:PORT/oauth/callback}, known once the plane listens ({@link #listenOn}). Discovered URLs
 * may reach plain http on loopback only when a server the user configured is itself plain http on loopback
 * (development on one machine); otherwise they must be https to public addresses.
 */
public final class GatewayOAuth implements AutoCloseable {

    private static final int MAX_REDIRECTS = 5;
    private static final Logger log = LoggerFactory.getLogger(GatewayOAuth.class);

    private final HttpClient client;
    private final AddressPolicy policy;
    private final OAuthCredentials credentials;
    private final Map<String, RemoteAuth> configured = new ConcurrentHashMap<>();
    private final SecretResolver secrets;
    private volatile int port;

    private GatewayOAuth(HttpClient client, OAuthHttp http, AddressPolicy policy, CredentialStore store,
                         InstantSource clock, SecretResolver secrets) {
        this.client = client;
        this.policy = policy;
        this.secrets = secrets;
        this.credentials = new OAuthCredentials(http, policy, store, clock, this::settings);
    }

    /** Starts the client for the servers at {@code remoteUrls} (as configured), keeping credentials in {@code store}. */
    public static GatewayOAuth start(Collection<URI> remoteUrls, CredentialStore store, InstantSource clock,
                                     String userAgent) throws Exception {
        return start(remoteUrls, store, clock, userAgent, SecretResolver.NONE);
    }

    /** As {@link #start(Collection, CredentialStore, InstantSource, String)}, client secrets read from {@code secrets}. */
    public static GatewayOAuth start(Collection<URI> remoteUrls, CredentialStore store, InstantSource clock,
                                     String userAgent, SecretResolver secrets) throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(remoteUrls);
        if (remoteUrls.stream().anyMatch(GatewayOAuth::isLoopbackHttp)) {
            policy = policy.allowingLoopbackDevelopment();
        }
        HttpClient client = ClientFactory.create(ClientFactory.Settings.DEFAULTS, policy, HostLookup.SYSTEM,
                runnable -> Thread.ofVirtual().start(runnable), userAgent);
        client.start();
        return new GatewayOAuth(client, new OAuthHttp(new GuardedClient(client, policy, MAX_REDIRECTS)), policy,
                store, clock, secrets);
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
        GatewayOAuth oauth = start(remotes, store, InstantSource.system(),
                ClientIdentity.NAME + "/" + ClientIdentity.VERSION,
                vault.<SecretResolver>map(v -> v).orElse(SecretResolver.NONE));
        config.servers().forEach(oauth::configure);
        return oauth;
    }

    /**
     * Takes in a server as configured, at start or after a reload: its URL becomes one the user wrote (so its own
     * metadata may be fetched), and its {@code auth} settings apply from its next sign-in. Returns {@code server}.
     */
    public ServerConfig configure(ServerConfig server) {
        if (!server.isRemote()) {
            return server;
        }
        try {
            policy.trust(server.remote().url());
        } catch (DestinationRefusedException e) {
            // The config loader already refused such URLs; a server that slips through is simply not trusted.
            log.warn("Server {}: its URL is not trusted for OAuth: {}", server.name(), e.getMessage());
        }
        configured.put(server.name(), server.remote().auth());
        credentials.configure(server.name(), server.remote().url(), server.remote().auth().oauth());
        return server;
    }

    /** The server's client settings as configured, its client secret read from the vault now. */
    private ClientSettings settings(String server, URI url) throws OAuthException {
        RemoteAuth auth = configured.getOrDefault(server, RemoteAuth.AUTO);
        Optional<String> secret = Optional.empty();
        if (auth.clientSecret().isPresent()) {
            try (Secret value = secrets.resolve(auth.clientSecret().get())) {
                secret = Optional.of(new String(value.chars()));
            } catch (SecretResolutionException e) {
                throw new OAuthException(OAuthException.Reason.CLIENT_ID_NEEDED, "the client secret of server "
                        + server + " cannot be read: " + e.getMessage());
            }
        }
        return new ClientSettings(redirectUri(), "Gatehouse", auth.clientId(), secret, Optional.empty(),
                auth.clientMetadataUrl(), auth.scopes());
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
