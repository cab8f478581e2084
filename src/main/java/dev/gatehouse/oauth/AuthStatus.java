package dev.gatehouse.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What {@code gatehouse auth status} shows for one server ({@code waiting}: a sign-in awaits its callback). Never a token. */
public record AuthStatus(String server, boolean signedIn, boolean needsSignIn, boolean waiting, Optional<String> issuer,
                         List<String> scopes, Optional<Instant> expiresAt, boolean refreshable,
                         Optional<String> lastError) {

    public AuthStatus {
        scopes = List.copyOf(scopes);
    }
}
