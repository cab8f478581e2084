package dev.gatehouse.net;

import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The started HTTP client that speaks to remote MCP servers, with the {@link AddressPolicy} it connects under. The
 * policy starts trusting nothing; each remote server's URL is trusted as its upstream is created ({@link #trust}),
 * so the URL the user wrote is reached by its own rules and every other URL (a redirect, an address a name resolves
 * to) by the strict ones. Lookups run on virtual threads; the client's own threads are daemons, so a command that
 * forgets to stop it still exits.
 */
public final class ServerClient implements AutoCloseable {

    /** Bounds for MCP servers: event streams stay open for long, and a busy gateway runs many calls at once. */
    public static final ClientFactory.Settings SETTINGS = new ClientFactory.Settings(Duration.ofSeconds(10),
            Duration.ofMinutes(5), 32, 1024, 16 * 1024);

    private final HttpClient http;
    private final AddressPolicy policy;
    private final ExecutorService lookups;

    private ServerClient(HttpClient http, AddressPolicy policy, ExecutorService lookups) {
        this.http = http;
        this.policy = policy;
        this.lookups = lookups;
    }

    /** A started client resolving names with {@code lookup}: {@link HostLookup#SYSTEM}, or a test's own DNS. */
    public static ServerClient start(ClientFactory.Settings settings, HostLookup lookup, String userAgent)
            throws Exception {
        return start(settings, lookup, userAgent, null);
    }

    /**
     * As {@link #start(ClientFactory.Settings, HostLookup, String)}, trusting only the certificates in
     * {@code trustStore} (the JDK's default trust when null), e.g. a private certificate authority.
     */
    public static ServerClient start(ClientFactory.Settings settings, HostLookup lookup, String userAgent,
                                     KeyStore trustStore) throws Exception {
        AddressPolicy policy = AddressPolicy.strict();
        ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http = ClientFactory.create(settings, policy, lookup, lookups, userAgent);
        if (trustStore != null) {
            SslContextFactory.Client tls = new SslContextFactory.Client();
            tls.setTrustStore(trustStore);
            http.setSslContextFactory(tls);
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gatehouse-http-client");
        threads.setDaemon(true);
        http.setExecutor(threads);
        try {
            http.start();
        } catch (Exception e) {
            lookups.shutdownNow();
            throw e;
        }
        return new ServerClient(http, policy, lookups);
    }

    /** Trusts a server URL the user wrote (config.toml, or the command line of {@code gatehouse probe}). */
    public void trust(URI userUrl) throws DestinationRefusedException {
        policy.trust(userUrl);
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() throws Exception {
        try {
            http.stop();
        } finally {
            lookups.shutdownNow();
        }
    }
}
