package dev.gatehouse.upstream.http;

import dev.gatehouse.oauth.UpstreamCredentials;
import dev.gatehouse.upstream.LegacyHandshake;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import dev.gatehouse.ClientIdentity;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.net.ServerClient;
import org.eclipse.jetty.client.HttpClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every remote upstream shares: the started HTTP client (with the address policy it connects under), time, the executors, the capabilities declared to servers
 * and the bounds. {@code scheduler} only runs short timer tasks; {@code background} runs every blocking exchange
 * (virtual threads by default). {@code listenStream} opens the legacy GET stream for server-initiated messages
 * (the gateway wants them; a one-shot client such as {@code gatehouse probe} does not). {@code credentials} puts
 * each server's own OAuth token on its requests.
 */
public record RemoteOptions(ServerClient client, InstantSource clock, ScheduledExecutorService scheduler,
                            Executor background, ObjectNode clientCapabilities, boolean listenStream, int maxPendingCalls,
                            int maxMessageBytes, int maxResumeAttempts, Duration defaultRetry, Duration closeGrace,
                            UpstreamCredentials credentials) {

    public static final int DEFAULT_MAX_PENDING_CALLS = 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_RESUME_ATTEMPTS = 5;
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(2);

    public RemoteOptions {
        if (client == null || clock == null || scheduler == null || background == null || clientCapabilities == null
                || defaultRetry == null || closeGrace == null || credentials == null) {
            throw new IllegalArgumentException("remote options must not be null");
        }
        if (maxPendingCalls < 1 || maxMessageBytes < 1024 || maxResumeAttempts < 0 || defaultRetry.isNegative()
                || closeGrace.isNegative()) {
            throw new IllegalArgumentException("remote bounds must be positive (messages at least 1024 bytes)");
        }
        clientCapabilities = clientCapabilities.deepCopy();
    }

    /** Starts the client for remote servers, naming itself as the gateway; {@code lookup} resolves names. */
    public static ServerClient startClient(HostLookup lookup) throws Exception {
        return ServerClient.start(ServerClient.SETTINGS, lookup, ClientIdentity.NAME + "/" + ClientIdentity.VERSION);
    }

    /** The gateway's defaults: its full client capabilities, the GET stream, virtual threads. */
    public static RemoteOptions defaults(ServerClient client, ScheduledExecutorService scheduler) {
        return new RemoteOptions(client, InstantSource.system(), scheduler, runnable -> Thread.ofVirtual().start(runnable),
                LegacyHandshake.gatewayCapabilities(), true, DEFAULT_MAX_PENDING_CALLS, DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_RESUME_ATTEMPTS, DEFAULT_RETRY, DEFAULT_CLOSE_GRACE, UpstreamCredentials.NONE);
    }

    /** The started Jetty client every request goes through. */
    public HttpClient http() {
        return client.http();
    }

    public RemoteOptions withClientCapabilities(ObjectNode capabilities) {
        return new RemoteOptions(client, clock, scheduler, background, capabilities, listenStream, maxPendingCalls,
                maxMessageBytes, maxResumeAttempts, defaultRetry, closeGrace, credentials);
    }

    public RemoteOptions withListenStream(boolean open) {
        return new RemoteOptions(client, clock, scheduler, background, clientCapabilities, open, maxPendingCalls,
                maxMessageBytes, maxResumeAttempts, defaultRetry, closeGrace, credentials);
    }

    /** Where each request's {@code Authorization} comes from (the OAuth client), instead of nowhere. */
    public RemoteOptions withCredentials(UpstreamCredentials source) {
        return new RemoteOptions(client, clock, scheduler, background, clientCapabilities, listenStream, maxPendingCalls,
                maxMessageBytes, maxResumeAttempts, defaultRetry, closeGrace, source);
    }

    public RemoteOptions withMaxResumeAttempts(int attempts) {
        return new RemoteOptions(client, clock, scheduler, background, clientCapabilities, listenStream, maxPendingCalls,
                maxMessageBytes, attempts, defaultRetry, closeGrace, credentials);
    }

    public RemoteOptions withMaxMessageBytes(int bytes) {
        return new RemoteOptions(client, clock, scheduler, background, clientCapabilities, listenStream,
                maxPendingCalls, bytes, maxResumeAttempts, defaultRetry, closeGrace, credentials);
    }
}
