package dev.gatehouse.oauth;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * How the gateway presents itself to authorization servers: the loopback redirect URI, the name shown on consent
 * screens, and what the user configured: a pre-registered client (its id, its secret resolved from the vault, and
 * optionally the issuer it belongs to), a Client ID Metadata Document URL, and the scopes to ask for (none: the
 * specification's choice).
 */
public record ClientSettings(URI redirectUri, String clientName, Optional<String> clientId,
                             Optional<String> clientSecret, Optional<String> clientIssuer,
                             Optional<URI> metadataDocument, List<String> scopes) {

    public ClientSettings {
        if (redirectUri == null || clientName == null || clientId == null || clientSecret == null
                || clientIssuer == null || metadataDocument == null || scopes == null) {
            throw new IllegalArgumentException("client settings must not be null");
        }
        if (clientSecret.isPresent() && clientId.isEmpty()) {
            throw new IllegalArgumentException("a client secret needs a client id");
        }
        scopes = List.copyOf(scopes);
    }

    /** No configured scopes: they are chosen from the challenge or the resource's metadata. */
    public ClientSettings(URI redirectUri, String clientName, Optional<String> clientId,
                          Optional<String> clientSecret, Optional<String> clientIssuer,
                          Optional<URI> metadataDocument) {
        this(redirectUri, clientName, clientId, clientSecret, clientIssuer, metadataDocument, List.of());
    }

    /** Nothing configured: registration is left to a metadata document or dynamic registration. */
    public static ClientSettings unregistered(URI redirectUri) {
        return new ClientSettings(redirectUri, "Gatehouse", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }

    @Override
    public String toString() {
        return "ClientSettings[redirectUri=" + redirectUri + ", clientId=" + clientId.orElse("(none)") + ", secret="
                + (clientSecret.isPresent() ? "(set)" : "(none)") + ", metadataDocument="
                + metadataDocument.map(URI::toString).orElse("(none)") + ", scopes=" + scopes + "]";
    }
}
