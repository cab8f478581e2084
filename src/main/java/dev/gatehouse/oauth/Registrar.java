package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.openid.connect.sdk.rp.ApplicationType;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gets a client id at an authorization server, in the specification's order: one registered earlier with this
 * issuer, the pre-registered client from config (when it names no issuer or this one), the Client ID Metadata
 * Document when configured and the server supports it, Dynamic Client Registration (RFC 7591, a native
 * application with the loopback redirect URI), else an error asking the user for a client id.
 */
final class Registrar {

    private final OAuthHttp http;
    private final CredentialStore store;
    private final ClientSettings settings;

    Registrar(OAuthHttp http, CredentialStore store, ClientSettings settings) {
        this.http = http;
        this.store = store;
        this.settings = settings;
    }

    ClientRegistration register(String issuer, AuthorizationServerMetadata metadata) throws OAuthException {
        Optional<ClientRegistration> known = store.registration(issuer);
        if (known.isPresent()) {
            return known.get();
        }
        if (settings.clientId().isPresent()
                && settings.clientIssuer().map(issuer::equals).orElse(true)) {
            return new ClientRegistration(issuer, settings.clientId().get(), settings.clientSecret(),
                    configuredMethod(metadata), ClientRegistration.Source.CONFIGURED);
        }
        if (settings.metadataDocument().isPresent()
                && Boolean.TRUE.equals(metadata.getCustomParameter("client_id_metadata_document_supported"))) {
            return new ClientRegistration(issuer, settings.metadataDocument().get().toString(), Optional.empty(),
                    ClientAuthenticationMethod.NONE, ClientRegistration.Source.METADATA_DOCUMENT);
        }
        if (metadata.getRegistrationEndpointURI() != null) {
            ClientRegistration registered = registerDynamically(issuer, metadata);
            store.saveRegistration(registered);
            return registered;
        }
        throw new OAuthException(OAuthException.Reason.CLIENT_ID_NEEDED, "the authorization server "
                + issuer + " offers neither dynamic client registration nor client ID metadata documents; register"
                + " a client there with the redirect URI " + settings.redirectUri()
                + " and put its client_id (and a client_secret reference, if it has one) in the server's config");
    }

    private ClientAuthenticationMethod configuredMethod(AuthorizationServerMetadata metadata) {
        if (settings.clientSecret().isEmpty()) {
            return ClientAuthenticationMethod.NONE;
        }
        List<ClientAuthenticationMethod> supported = metadata.getTokenEndpointAuthMethods();
        if (supported != null && !supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }

    private ClientRegistration registerDynamically(String issuer, AuthorizationServerMetadata metadata)
            throws OAuthException {
        OIDCClientMetadata client = new OIDCClientMetadata();
        client.setName(settings.clientName());
        client.setApplicationType(ApplicationType.NATIVE);
        client.setRedirectionURI(settings.redirectUri());
        client.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        client.setResponseTypes(Set.of(ResponseType.CODE));
        client.setTokenEndpointAuthMethod(preferredMethod(metadata.getTokenEndpointAuthMethods()));
        ClientRegistrationRequest request = new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(),
                client, null);
        ClientRegistrationResponse response;
        try {
            response = ClientRegistrationResponse.parse(http.send(request.toHTTPRequest()));
        } catch (ParseException e) {
            throw new OAuthException(OAuthException.Reason.REGISTRATION, "the registration endpoint of " + issuer
                    + " answered with something that is not an RFC 7591 response", e);
        }
        if (response instanceof ClientRegistrationErrorResponse error) {
            throw new OAuthException(OAuthException.Reason.REGISTRATION, "the authorization server " + issuer
                    + " refused dynamic client registration (" + describe(error) + "); configure a client_id");
        }
        ClientInformation information = ((ClientInformationResponse) response).getClientInformation();
        Optional<String> secret = Optional.ofNullable(information.getSecret()).map(s -> s.getValue());
        ClientAuthenticationMethod method = information.getMetadata().getTokenEndpointAuthMethod();
        if (method == null) {
            // RFC 7591 §3.2.1 echoes the registered metadata; a server that leaves it out registered what was asked.
            method = client.getTokenEndpointAuthMethod();
        }
        if (method != ClientAuthenticationMethod.NONE && secret.isEmpty()) {
            method = ClientAuthenticationMethod.NONE;
        }
        return new ClientRegistration(issuer, information.getID().getValue(), secret, method,
                ClientRegistration.Source.DYNAMIC);
    }

    /** A public client when the server allows it (nothing to keep secret), else what it supports. */
    private static ClientAuthenticationMethod preferredMethod(List<ClientAuthenticationMethod> supported) {
        if (supported == null || supported.contains(ClientAuthenticationMethod.NONE)) {
            return ClientAuthenticationMethod.NONE;
        }
        if (supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        return supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                ? ClientAuthenticationMethod.CLIENT_SECRET_POST : ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }

    static String describe(ClientRegistrationErrorResponse error) {
        return error.getErrorObject() == null || error.getErrorObject().getCode() == null ? "HTTP "
                + (error.getErrorObject() == null ? "error" : error.getErrorObject().getHTTPStatusCode())
                : ResourceDiscovery.safe(error.getErrorObject().getCode());
    }
}
