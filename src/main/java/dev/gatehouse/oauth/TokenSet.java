package dev.gatehouse.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tokens one authorization server issued for one resource. {@link #toString} never shows a token; the values
 * leave this record only as an {@code Authorization} header towards the resource or a refresh request towards the
 * issuer.
 */
public record TokenSet(String issuer, String resource, String accessToken, Optional<String> refreshToken,
                       Optional<Instant> expiresAt, List<String> scopes) {

    public TokenSet {
        if (issuer == null || resource == null || accessToken == null || accessToken.isEmpty()
                || refreshToken == null || expiresAt == null) {
            throw new IllegalArgumentException("a token set needs an issuer, a resource and an access token");
        }
        scopes = List.copyOf(scopes);
    }

    /** Whether the access token expires within {@code margin} of {@code now} (never, without an expiry). */
    public boolean expiresWithin(Instant now, java.time.Duration margin) {
        return expiresAt.map(at -> !now.plus(margin).isBefore(at)).orElse(false);
    }

    @Override
    public String toString() {
        return "TokenSet[issuer=" + issuer + ", resource=" + resource + ", refresh="
                + (refreshToken.isPresent() ? "(set)" : "(none)") + ", expiresAt=" + expiresAt.map(Instant::toString)
                .orElse("(none)") + ", scopes=" + scopes + "]";
    }
}
