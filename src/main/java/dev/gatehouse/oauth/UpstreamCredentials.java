package dev.gatehouse.oauth;

import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.client.Request;

/**
 * The hook where a remote upstream's request gets its credential: called once per request, at the point where
 * its headers are built. An implementation sets {@code Authorization} (the token issued for this server alone,
 * DESIGN invariant 6) and may watch the answer for a 401 or 403 challenge. Must not throw.
 */
@FunctionalInterface
public interface UpstreamCredentials {

    /** No credentials: the configured headers go as they are. */
    UpstreamCredentials NONE = (server, endpoint, request) -> { };

    void authorize(String server, URI endpoint, Request request);

    /**
     * After {@code server} answered 401 to a request sent with {@code refused} as its {@code Authorization} header
     * (null: none): whether a request sent now would carry a different credential, refreshing first when the
     * refused one is still the current one. True means: send that request once more.
     */
    default boolean renewAfterRefusal(String server, String refused) {
        return false;
    }

    /** Whether {@code server} refused the gateway and waits for the user to sign in. */
    default boolean needsSignIn(String server) {
        return false;
    }

    /** A fresh authorization URL for {@code server}'s sign-in, when one can be started; empty otherwise. */
    default Optional<URI> signInUrl(String server) {
        return Optional.empty();
    }
}
