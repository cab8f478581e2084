package dev.gatehouse.oauth;

/**
 * Why signing in to a server failed, with a message a user can act on. Messages name hosts, issuers and the
 * rule broken; never a token, a code, a verifier or a client secret.
 */
public final class OAuthException extends Exception {

    /** What went wrong, for callers that react differently (status, retry, exit code). */
    public enum Reason {
        /** No usable metadata: the server or its authorization server publishes none we can read. */
        DISCOVERY,
        /** A URL learned along the way was refused by the address policy. */
        DESTINATION_REFUSED,
        /** Metadata whose {@code issuer}, or an {@code iss} whose value, is not the one expected (mix-up). */
        ISSUER_MISMATCH,
        /** The protected resource metadata names a resource other than the server's URL. */
        RESOURCE_MISMATCH,
        /** The authorization server does not advertise PKCE with S256. */
        PKCE_UNSUPPORTED,
        /** No way to get a client id: none configured, no metadata document, no dynamic registration. */
        CLIENT_ID_NEEDED,
        /** Dynamic client registration was refused or answered with garbage. */
        REGISTRATION,
        /** A callback whose {@code state} is unknown, used already or expired. */
        STATE,
        /** The authorization server answered the callback with an error, or the callback lacks a code. */
        AUTHORIZATION_DENIED,
        /** The token endpoint refused the exchange or the refresh. */
        TOKEN,
        /** Nothing stored to sign in with: the user must sign in. */
        SIGN_IN_REQUIRED,
        /** A transport failure talking to the authorization server. */
        UNREACHABLE
    }

    private final Reason reason;

    public OAuthException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public OAuthException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
