package dev.gatehouse.config;

import dev.gatehouse.vault.SecretName;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * How a remote server is signed in to: {@code auth} ({@link #oauth}: OAuth from the start, before the server first
 * answers 401) and the {@code [servers.NAME.oauth]} table: a pre-registered client's id and the vault name of its
 * secret (a reference, resolved only when the token endpoint needs it), a Client ID Metadata Document URL, and the
 * scopes to ask for. Nothing here is secret, so it prints in full.
 */
public record RemoteAuth(boolean oauth, Optional<String> clientId, Optional<SecretName> clientSecret,
                         Optional<URI> clientMetadataUrl, List<String> scopes) {

    /** Nothing configured: OAuth starts only when the server answers 401, with dynamic registration. */
    public static final RemoteAuth AUTO = new RemoteAuth(false, Optional.empty(), Optional.empty(), Optional.empty(),
            List.of());

    public RemoteAuth {
        if (clientId == null || clientSecret == null || clientMetadataUrl == null || scopes == null) {
            throw new IllegalArgumentException("remote auth fields must not be null");
        }
        if (clientSecret.isPresent() && clientId.isEmpty()) {
            throw new IllegalArgumentException("a client secret needs a client id");
        }
        scopes = List.copyOf(scopes);
    }

    /** The {@code auth} key's spelling. */
    public String label() {
        return oauth ? "oauth" : "auto";
    }
}
