package dev.gatehouse.oauth;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What an MCP server says about itself as a protected resource (RFC 9728): its resource identifier, exactly as
 * published (sent back verbatim as RFC 8707 {@code resource}), its authorization servers and the scopes it
 * knows. {@code published} is false for a server that publishes none, the 2025-03-26 case, where the resource is
 * the server's URL and the authorization server its origin.
 */
public record ResourceMetadata(String resource, List<URI> authorizationServers, List<String> scopesSupported,
                               boolean published) {

    public ResourceMetadata {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
    }

    public URI resourceUri() {
        return URI.create(resource);
    }

    public Optional<URI> firstAuthorizationServer() {
        return authorizationServers.stream().findFirst();
    }
}
