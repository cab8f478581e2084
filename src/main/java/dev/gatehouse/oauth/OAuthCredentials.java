package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.gatehouse.net.AddressPolicy;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.Request;

/**
 * The OAuth client of the whole process: one {@link ServerAuthorization} per remote server, created when the
 * server first answers with a challenge (or when asked for by name), and the callback that completes any of their
 * sign-ins. As the {@link UpstreamCredentials} of remote upstreams it puts each server's own token on its requests
 * and notes every 401 and 403 with its {@code WWW-Authenticate} challenge.
 */
public final class OAuthCredentials implements UpstreamCredentials {

    private final OAuthContext context;
    private final ClientSettingsSource settings;
    private final Map<String, ServerAuthorization> servers = new ConcurrentHashMap<>();

    /** {@code settings} gives each server's client settings (its configured client, the redirect URI). */
    public OAuthCredentials(OAuthHttp http, AddressPolicy policy, CredentialStore store, InstantSource clock,
                            ClientSettingsSource settings) {
        this.context = new OAuthContext(http, policy, store, new PendingAuthorizations(clock), clock);
        this.settings = settings;
    }

    @Override
    public void authorize(String server, URI endpoint, Request request) {
        ServerAuthorization authorization = forServer(server, endpoint);
        authorization.authorizationHeader().ifPresent(value ->
                request.headers(headers -> headers.put("Authorization", value)));
        request.onResponseHeaders(response -> {
            int status = response.getStatus();
            if (status == 401 || status == 403) {
                authorization.challenged(BearerChallenge.parse(status,
                        response.getHeaders().get("WWW-Authenticate")));
            }
        });
    }

    @Override
    public boolean renewAfterRefusal(String server, String refused) {
        ServerAuthorization authorization = servers.get(server);
        return authorization != null && authorization.renewAfterRefusal(refused);
    }

    @Override
    public boolean needsSignIn(String server) {
        ServerAuthorization authorization = servers.get(server);
        return authorization != null && authorization.needsSignIn();
    }

    @Override
    public Optional<URI> signInUrl(String server) {
        ServerAuthorization authorization = servers.get(server);
        if (authorization == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(authorization.begin());
        } catch (OAuthException e) {
            return Optional.empty();
        }
    }

    /** The server's authorization state, created on first use. */
    public ServerAuthorization forServer(String server, URI endpoint) {
        return servers.computeIfAbsent(server, name -> new ServerAuthorization(name, endpoint,
                () -> settings.settings(name, endpoint), context));
    }

    /**
     * Declares a configured server (at start or after a reload): its URL, and whether it is signed in to before
     * its first request ({@code auth = "oauth"}) rather than on its first 401. A server whose URL changed starts
     * afresh; tokens stay keyed by the URL they were issued for.
     */
    public void configure(String server, URI endpoint, boolean signInFirst) {
        servers.compute(server, (name, known) -> known != null && known.url().equals(endpoint) ? known
                : new ServerAuthorization(name, endpoint, () -> settings.settings(name, endpoint), context))
                .signInFirst(signInFirst);
    }

    /**
     * Completes the sign-in a callback belongs to, found by its {@code state}: single use, within ten minutes,
     * then the {@code iss} check and the code exchange. Returns the server signed in.
     */
    public String complete(URI callback) throws OAuthException {
        Map<String, List<String>> params = URLUtils.parseParameters(callback.getRawQuery());
        List<String> states = params.getOrDefault("state", List.of());
        if (states.size() != 1) {
            throw new OAuthException(OAuthException.Reason.STATE, "the callback carries " + (states.isEmpty()
                    ? "no state" : "several states") + "; it does not belong to a sign-in started here");
        }
        PendingAuthorization pending = context.pending().take(states.getFirst()).orElseThrow(() ->
                new OAuthException(OAuthException.Reason.STATE, "the callback's state is unknown, already used or"
                        + " older than " + PendingAuthorizations.LIFETIME_MINUTES + " minutes; start the sign-in"
                        + " again"));
        ServerAuthorization authorization = servers.get(pending.server());
        if (authorization == null) {
            throw new OAuthException(OAuthException.Reason.STATE, "the sign-in's server is no longer configured");
        }
        authorization.finish(pending, params);
        return pending.server();
    }
}
