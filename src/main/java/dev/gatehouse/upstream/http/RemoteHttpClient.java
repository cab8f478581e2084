package dev.gatehouse.upstream.http;

import dev.gatehouse.ClientIdentity;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the Jetty client that remote upstreams share: keep-alive connections, finite connect and idle
 * timeouts, no cookie jar, and redirects never followed (a redirect target is a URL the user did not write, and
 * such URLs must pass the address policy, which this client does not have).
 *
 * <p>This moves to {@code dev.gatehouse.net} ({@code ClientFactory}, with the pinned resolver and the address
 * and header policies) once that package lands; callers only need a started {@link HttpClient}.
 */
public final class RemoteHttpClient {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_CONNECTIONS_PER_SERVER = 32;
    private static final int MAX_QUEUED_PER_SERVER = 1024;

    private RemoteHttpClient() {
    }

    /** A started client; stop it when the last upstream using it has closed. */
    public static HttpClient start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gatehouse-http-client");
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        client.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, ClientIdentity.NAME + "/" + ClientIdentity.VERSION));
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_SERVER);
        client.setMaxRequestsQueuedPerDestination(MAX_QUEUED_PER_SERVER);
        client.start();
        return client;
    }
}
