package dev.gatehouse.net;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Builds the one kind of HTTP client the gateway uses towards servers: names resolved only through the
 * {@link PinnedResolver}, redirects never followed automatically (the {@link GuardedClient} follows them, checking
 * each hop; a request that asks Jetty to follow them has each hop checked by {@link PolicedHttpClient}), no cookie
 * jar, no proxy, headers checked and hop-by-hop ones dropped just before sending. HTTP/2 is offered over TLS
 * through ALPN and used when the server picks it; plain-http (loopback, development) connections speak HTTP/1.1.
 */
public final class ClientFactory {

    /** Client-wide bounds; every one is finite. */
    public record Settings(Duration connectTimeout, Duration idleTimeout, int maxConnectionsPerServer,
                           int maxQueuedPerServer, int maxResponseHeaderBytes) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), 16,
                256, 16 * 1024);

        public Settings {
            if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative()
                    || idleTimeout.isZero() || maxConnectionsPerServer < 1 || maxQueuedPerServer < 1
                    || maxResponseHeaderBytes < 1024) {
                throw new IllegalArgumentException("client settings must be positive (headers at least 1 KiB)");
            }
        }
    }

    private ClientFactory() {
    }

    /** A configured, not yet started client; the caller starts and stops it. */
    public static HttpClient create(Settings settings, AddressPolicy policy, HostLookup lookup, Executor executor,
                                    String userAgent) {
        ClientConnector connector = new ClientConnector();
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        HTTP2Client http2 = new HTTP2Client(connector);
        // HTTP/1.1 first: it is what clear-text connections use; over TLS, ALPN lets the server choose h2.
        HttpClientTransportDynamic transport = new HttpClientTransportDynamic(connector,
                HttpClientConnectionFactory.HTTP11, new ClientConnectionFactoryOverHTTP2.HTTP2(http2));
        // Every response listener the gateway registers only queues bytes or notes a header and returns (callers
        // block on a listener's future or stream, on their own threads), so responses are processed on the thread
        // that read them. The default, BLOCKING, hands each response to another pool thread first: one more
        // thread wake-up per answer, which docs/performance.md measured as a large part of a remote call's cost.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient client = new PolicedHttpClient(transport, policy);
        client.setSocketAddressResolver(new PinnedResolver(policy, lookup, executor));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        client.setMaxConnectionsPerDestination(settings.maxConnectionsPerServer());
        client.setMaxRequestsQueuedPerDestination(settings.maxQueuedPerServer());
        client.setMaxResponseHeadersSize(settings.maxResponseHeaderBytes());
        client.setDestinationIdleTimeout(settings.idleTimeout().toMillis());
        return client;
    }
}
