package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.util.Optional;

/**
 * The client the gateway is at one authorization server: its id, its secret when it has one, and how it
 * authenticates at the token endpoint. Registrations belong to the issuer that made them and are never presented
 * to another (a client id is not portable across authorization servers).
 */
public record ClientRegistration(String issuer, String clientId, Optional<String> clientSecret,
                                 ClientAuthenticationMethod authMethod, Source source) {

    /** Where the client id came from. */
    public enum Source { CONFIGURED, METADATA_DOCUMENT, DYNAMIC }

    public ClientRegistration {
        if (issuer == null || clientId == null || clientId.isBlank() || clientSecret == null || authMethod == null
                || source == null) {
            throw new IllegalArgumentException("a client registration needs an issuer, an id, a method and a source");
        }
    }

    @Override
    public String toString() {
        return "ClientRegistration[issuer=" + issuer + ", clientId=" + clientId + ", secret="
                + (clientSecret.isPresent() ? "(set)" : "(none)") + ", method=" + authMethod + ", source=" + source
                + "]";
    }
}
