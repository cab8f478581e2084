package dev.gatehouse.probe;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.net.AddressPolicy;
import dev.gatehouse.net.ClientFactory;
import dev.gatehouse.net.GuardedClient;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.oauth.BearerChallenge;
import dev.gatehouse.oauth.ClientSettings;
import dev.gatehouse.oauth.HeadlessSignIn;
import dev.gatehouse.oauth.MemoryCredentialStore;
import dev.gatehouse.oauth.OAuthCredentials;
import dev.gatehouse.oauth.OAuthException;
import dev.gatehouse.oauth.OAuthHttp;
import dev.gatehouse.oauth.ServerAuthorization;
import java.io.PrintWriter;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;

/**
 * The probe's OAuth: tokens in memory only, and a headless sign-in when the server challenges (for authorization
 * servers that approve at once, as the conformance suite's do). After a failed request, {@link #recover} decides
 * whether a 401 or 403 came with it and, if so, refreshes or signs in (a step-up on {@code insufficient_scope})
 * so the request can be sent again; at most {@value #MAX_SIGN_INS} sign-ins per run, so a server that never
 * accepts cannot loop the probe.
 */
final class ProbeSignIn implements AutoCloseable {

    static final int MAX_SIGN_INS = 3;
    /** Never listened on: the headless sign-in catches the redirect before anything connects to it. */
    static final URI REDIRECT_URI = URI.create("http://127.0.0.1/oauth/callback");

    private final HttpClient client;
    private final OAuthCredentials credentials;
    private final HeadlessSignIn headless;
    private final ServerAuthorization authorization;
    private final PrintWriter err;
    private int signIns;

    private ProbeSignIn(HttpClient client, OAuthCredentials credentials, HeadlessSignIn headless,
                        ServerAuthorization authorization, PrintWriter err) {
        this.client = client;
        this.credentials = credentials;
        this.headless = headless;
        this.authorization = authorization;
        this.err = err;
    }

    /** Starts the guarded client; {@code loopback} lets discovered URLs reach http on loopback (development). */
    static ProbeSignIn start(String server, URI url, ClientSettings settings, boolean loopback, PrintWriter err)
            throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(List.of(url));
        if (loopback) {
            policy = policy.allowingLoopbackDevelopment();
        }
        HttpClient client = ClientFactory.create(ClientFactory.Settings.DEFAULTS, policy, HostLookup.SYSTEM,
                runnable -> Thread.ofVirtual().start(runnable), ClientIdentity.NAME + "/" + ClientIdentity.VERSION);
        client.start();
        OAuthHttp http = new OAuthHttp(new GuardedClient(client, policy, 5));
        OAuthCredentials credentials = new OAuthCredentials(http, policy, new MemoryCredentialStore(),
                InstantSource.system(), (name, endpoint) -> settings);
        return new ProbeSignIn(client, credentials, new HeadlessSignIn(http, credentials),
                credentials.forServer(server, url), err);
    }

    OAuthCredentials credentials() {
        return credentials;
    }

    /**
     * After a failed request: true when the server had challenged and the probe now holds a token worth sending
     * the request again with; false when there was no challenge or the sign-in failed (reported on stderr).
     */
    boolean recover() {
        Optional<BearerChallenge> challenge = authorization.takeChallenge();
        if (challenge.isEmpty()) {
            return false;
        }
        if (challenge.get().status() == 401 && authorization.refreshNow()) {
            return true;
        }
        if (signIns >= MAX_SIGN_INS) {
            err.println("gatehouse probe: the server still refuses after " + MAX_SIGN_INS + " sign-ins; giving up");
            return false;
        }
        signIns++;
        try {
            headless.signIn(authorization, REDIRECT_URI);
            return true;
        } catch (OAuthException e) {
            err.println("gatehouse probe: sign-in failed: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
