package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import dev.gatehouse.net.AddressPolicy;
import dev.gatehouse.net.DestinationRefusedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.minidev.json.JSONObject;

/**
 * Authorization server metadata, in the order the MCP specification gives: for an issuer with a path, RFC 8414
 * with the path inserted, then OpenID discovery with the path inserted, then OpenID discovery with the path
 * appended; for one without, RFC 8414 then OpenID discovery. The document's {@code issuer} must equal the issuer
 * it was looked up for, character for character (RFC 8414 §3.3), or nothing from it is used. A server that does
 * not advertise PKCE with S256 is refused, and its endpoints must pass the address policy before anyone is sent
 * there.
 */
final class AuthServerDiscovery {

    private final OAuthHttp http;
    private final AddressPolicy policy;

    AuthServerDiscovery(OAuthHttp http, AddressPolicy policy) {
        this.http = http;
        this.policy = policy;
    }

    AuthorizationServerMetadata discover(URI issuer) throws OAuthException {
        for (URI candidate : candidates(issuer)) {
            Optional<JSONObject> document = http.getJson(candidate);
            if (document.isPresent()) {
                return validate(issuer, candidate, document.get());
            }
        }
        throw new OAuthException(OAuthException.Reason.DISCOVERY, "the authorization server "
                + OAuthHttp.describe(issuer) + " publishes no metadata at any well-known location");
    }

    static List<URI> candidates(URI issuer) {
        String origin = ResourceDiscovery.origin(issuer).toString();
        String path = ResourceDiscovery.stripTrailingSlash(issuer.getRawPath() == null ? "" : issuer.getRawPath());
        List<URI> candidates = new ArrayList<>();
        if (path.isEmpty()) {
            candidates.add(URI.create(origin + "/.well-known/oauth-authorization-server"));
            candidates.add(URI.create(origin + "/.well-known/openid-configuration"));
        } else {
            candidates.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
            candidates.add(URI.create(origin + "/.well-known/openid-configuration" + path));
            candidates.add(URI.create(origin + path + "/.well-known/openid-configuration"));
        }
        return candidates;
    }

    private AuthorizationServerMetadata validate(URI issuer, URI from, JSONObject document) throws OAuthException {
        Object published = document.get("issuer");
        if (!(published instanceof String text) || !text.equals(issuer.toString())) {
            throw new OAuthException(OAuthException.Reason.ISSUER_MISMATCH, "the metadata at "
                    + OAuthHttp.describe(from) + " names issuer "
                    + (published instanceof String text ? ResourceDiscovery.safe(text) : "(none)")
                    + ", not " + OAuthHttp.describe(issuer) + "; refusing it (possible mix-up attack)");
        }
        AuthorizationServerMetadata metadata;
        try {
            metadata = AuthorizationServerMetadata.parse(document);
        } catch (ParseException e) {
            throw new OAuthException(OAuthException.Reason.DISCOVERY, "the metadata at " + OAuthHttp.describe(from)
                    + " is not valid RFC 8414 metadata", e);
        }
        List<CodeChallengeMethod> methods = metadata.getCodeChallengeMethods();
        if (methods == null || !methods.contains(CodeChallengeMethod.S256)) {
            throw new OAuthException(OAuthException.Reason.PKCE_UNSUPPORTED, "the authorization server "
                    + OAuthHttp.describe(issuer) + " does not advertise PKCE with S256"
                    + " (code_challenge_methods_supported); refusing to sign in without it");
        }
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null) {
            throw new OAuthException(OAuthException.Reason.DISCOVERY, "the metadata at " + OAuthHttp.describe(from)
                    + " lacks an authorization or token endpoint");
        }
        check("authorization endpoint", metadata.getAuthorizationEndpointURI());
        check("token endpoint", metadata.getTokenEndpointURI());
        if (metadata.getRegistrationEndpointURI() != null) {
            check("registration endpoint", metadata.getRegistrationEndpointURI());
        }
        return metadata;
    }

    private void check(String what, URI endpoint) throws OAuthException {
        try {
            policy.checkUrl(endpoint);
        } catch (DestinationRefusedException e) {
            throw new OAuthException(OAuthException.Reason.DESTINATION_REFUSED, "the authorization server's " + what
                    + " is refused: " + e.getMessage(), e);
        }
    }
}
