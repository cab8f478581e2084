package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.time.Instant;
import java.util.List;

/**
 * One sign-in between sending the user to the authorization server and the callback: what the callback is
 * checked against ({@code state}, the issuer recorded before redirecting for the RFC 9207 {@code iss} check) and
 * what the code is exchanged with (the PKCE verifier, the client, the resource). {@code server} binds it to the
 * server whose sign-in started it.
 */
record PendingAuthorization(String state, String server, CodeVerifier verifier, AuthorizationServerMetadata metadata,
                            ClientRegistration client, String resource, List<String> scopes, Instant createdAt) {

    PendingAuthorization {
        scopes = List.copyOf(scopes);
    }

    String issuer() {
        return client.issuer();
    }

    @Override
    public String toString() {
        return "PendingAuthorization[server=" + server + ", issuer=" + issuer() + ", createdAt=" + createdAt + "]";
    }
}
