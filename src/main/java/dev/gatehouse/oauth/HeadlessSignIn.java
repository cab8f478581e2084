package dev.gatehouse.oauth;

import dev.gatehouse.net.GuardedResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A sign-in without a browser, for an authorization server that approves at once (the conformance suite's, a test
 * server): the authorization URL is requested, redirects are followed hop by hop through the address policy, and
 * the redirect to the client's own redirect URI is caught and completed instead of being followed. A server that
 * answers with a page (a login form) needs a person: {@code gatehouse auth login}.
 */
public final class HeadlessSignIn {

    private static final int MAX_HOPS = 8;

    private final OAuthHttp http;
    private final OAuthCredentials credentials;

    public HeadlessSignIn(OAuthHttp http, OAuthCredentials credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    /** Signs {@code authorization} in; returns when its tokens are stored. */
    public void signIn(ServerAuthorization authorization, URI redirectUri) throws OAuthException {
        URI next = authorization.begin();
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            GuardedResponse response = http.getOnce(next);
            String location = response.headers().get("Location");
            if (response.status() < 300 || response.status() >= 400 || location == null) {
                throw new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the authorization server "
                        + OAuthHttp.describe(next) + " wants a person to sign in (HTTP " + response.status()
                        + "); run: gatehouse auth login " + authorization.server());
            }
            URI target = resolve(next, location);
            if (isRedirectUri(target, redirectUri)) {
                credentials.complete(target);
                return;
            }
            next = target;
        }
        throw new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the authorization server redirected more"
                + " than " + MAX_HOPS + " times without coming back to the redirect URI");
    }

    private static URI resolve(URI base, String location) throws OAuthException {
        try {
            return base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new OAuthException(OAuthException.Reason.DESTINATION_REFUSED, "the authorization server "
                    + OAuthHttp.describe(base) + " redirected to an unparseable location");
        }
    }

    private static boolean isRedirectUri(URI target, URI redirectUri) {
        return target.getScheme() != null
                && target.getScheme().toLowerCase(Locale.ROOT).equals(redirectUri.getScheme())
                && Objects.equals(target.getHost(), redirectUri.getHost()) && target.getPort() == redirectUri.getPort()
                && Objects.equals(target.getRawPath(), redirectUri.getRawPath());
    }
}
