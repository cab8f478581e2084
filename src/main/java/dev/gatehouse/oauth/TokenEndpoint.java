package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint: the code exchanged (with the PKCE verifier and the RFC 8707 {@code resource}), refresh with
 * rotation (a new refresh token replaces the old one; without one, the old one is kept), and revocation (RFC 7009)
 * where the server offers it. The client authenticates the way it registered.
 */
final class TokenEndpoint {

    private final OAuthHttp http;
    private final InstantSource clock;

    TokenEndpoint(OAuthHttp http, InstantSource clock) {
        this.http = http;
        this.clock = clock;
    }

    TokenSet exchange(PendingAuthorization pending, String code, URI redirectUri) throws OAuthException {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                pending.verifier());
        return request(pending.metadata(), pending.client(), grant, pending.resource(), pending.scopes(),
                Optional.empty());
    }

    TokenSet refresh(TokenSet current, AuthorizationServerMetadata metadata, ClientRegistration client)
            throws OAuthException {
        RefreshToken refresh = new RefreshToken(current.refreshToken().orElseThrow(() -> new OAuthException(
                OAuthException.Reason.SIGN_IN_REQUIRED, "there is no refresh token; sign in again")));
        return request(metadata, client, new RefreshTokenGrant(refresh), current.resource(), current.scopes(),
                current.refreshToken());
    }

    /** Revokes {@code token} when the server has a revocation endpoint; true when it was asked to. */
    boolean revoke(Token token, AuthorizationServerMetadata metadata, ClientRegistration client)
            throws OAuthException {
        URI endpoint = metadata.getRevocationEndpointURI();
        if (endpoint == null) {
            return false;
        }
        Optional<ClientAuthentication> authentication = authentication(client);
        TokenRevocationRequest request = authentication.isPresent()
                ? new TokenRevocationRequest(endpoint, authentication.get(), token)
                : new TokenRevocationRequest(endpoint, new ClientID(client.clientId()), token);
        HTTPResponse response = http.send(request.toHTTPRequest());
        return response.getStatusCode() == 200;
    }

    private TokenSet request(AuthorizationServerMetadata metadata, ClientRegistration client, AuthorizationGrant grant,
                             String resource, List<String> scopes, Optional<String> previousRefresh)
            throws OAuthException {
        URI endpoint = metadata.getTokenEndpointURI();
        List<URI> resources = List.of(URI.create(resource));
        Optional<ClientAuthentication> authentication = authentication(client);
        TokenRequest request = authentication.isPresent()
                ? new TokenRequest(endpoint, authentication.get(), grant, null, resources, Map.of())
                : new TokenRequest(endpoint, new ClientID(client.clientId()), grant, null, resources, null, Map.of());
        TokenResponse response;
        try {
            response = TokenResponse.parse(http.send(request.toHTTPRequest()));
        } catch (ParseException e) {
            throw new OAuthException(OAuthException.Reason.TOKEN, "the token endpoint of " + client.issuer()
                    + " answered with something that is not a token response", e);
        }
        if (response instanceof TokenErrorResponse error) {
            String code = error.getErrorObject() == null || error.getErrorObject().getCode() == null ? "no error code"
                    : ResourceDiscovery.safe(error.getErrorObject().getCode());
            throw new OAuthException(OAuthException.Reason.TOKEN, "the token endpoint of " + client.issuer()
                    + " refused the " + grant.getType() + " grant (" + code + ")");
        }
        AccessTokenResponse success = (AccessTokenResponse) response;
        var tokens = success.getTokens();
        Instant now = clock.instant();
        Optional<Instant> expiry = tokens.getAccessToken().getLifetime() > 0
                ? Optional.of(now.plusSeconds(tokens.getAccessToken().getLifetime())) : Optional.empty();
        List<String> granted = tokens.getAccessToken().getScope() != null
                ? tokens.getAccessToken().getScope().toStringList() : scopes;
        Optional<String> refresh = Optional.ofNullable(tokens.getRefreshToken()).map(Token::getValue)
                .or(() -> previousRefresh);
        return new TokenSet(client.issuer(), resource, tokens.getAccessToken().getValue(), refresh, expiry, granted);
    }

    private static Optional<ClientAuthentication> authentication(ClientRegistration client) {
        ClientAuthenticationMethod method = client.authMethod();
        if (client.clientSecret().isEmpty() || ClientAuthenticationMethod.NONE.equals(method)) {
            return Optional.empty();
        }
        ClientID id = new ClientID(client.clientId());
        Secret secret = new Secret(client.clientSecret().get());
        return Optional.of(ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)
                ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret));
    }
}
