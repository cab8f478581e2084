package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.config.RemoteRules;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.vault.SecretResolutionException;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.UrlReferences;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/**
 * The one place where a remote server's configured headers and URL, which may reference vault secrets, become the
 * values of one request. The templates live in the config; the values are built here for the request being sent
 * and are held by nothing but that request, so a secret set, changed or deleted takes effect on the next request
 * and no long-lived object keeps a value. A missing secret fails the request with a message naming it (never a
 * value), which a connection attempt turns into the server's failed state.
 */
final class RequestSecrets {

    private final String server;
    private final SecretResolver resolver;

    RequestSecrets(String server, SecretResolver resolver) {
        this.server = server;
        this.resolver = resolver;
    }

    /** Puts each configured header into {@code headers}, its references resolved. */
    void putHeaders(Map<String, String> configured, HttpFields.Mutable headers) {
        for (Map.Entry<String, String> header : configured.entrySet()) {
            String template = header.getValue();
            if (!SecretRef.mentionsSecret(template)) {
                headers.put(header.getKey(), template);
                continue;
            }
            String value;
            try {
                value = SecretRef.substitute(template, resolver);
            } catch (SecretResolutionException e) {
                throw unavailable(e.getMessage());
            } catch (SecretRef.MalformedReference e) {
                throw unavailable("header '" + header.getKey() + "': " + e.getMessage());
            }
            if (RemoteRules.problemWithHeaderValue(header.getKey(), value).isPresent()) {
                throw unavailable("header '" + header.getKey() + "' references a secret holding characters a header"
                        + " cannot carry (only printable ASCII, no line breaks)");
            }
            headers.put(header.getKey(), value);
        }
    }

    /**
     * Where a request to {@code uri} goes: for the configured URL {@code configured}, that URL with each
     * reference in its query replaced by its secret's value, URL-encoded; any other URI (one the server supplied)
     * as it is, so a server can never have a secret of its choosing sent to it.
     */
    URI target(URI uri, URI configured) {
        if (!uri.equals(configured)) {
            return uri;
        }
        String query = configured.getRawQuery();
        List<SecretRef> refs = UrlReferences.inRawQuery(query);
        if (refs.isEmpty()) {
            return configured;
        }
        StringBuilder resolved = new StringBuilder(query.length() + 64);
        int at = 0;
        for (SecretRef ref : refs) {
            resolved.append(query, at, ref.start()).append(URLEncoder.encode(value(ref.name()),
                    StandardCharsets.UTF_8));
            at = ref.end();
        }
        resolved.append(query, at, query.length());
        String text = configured.toString();
        int queryStart = text.indexOf('?') + 1;
        try {
            return new URI(text.substring(0, queryStart) + resolved + text.substring(queryStart + query.length()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("an encoded value made the URL of server '" + server + "' invalid", null);
        }
    }

    /** The value as a String, the only form a URL takes; the secret itself is wiped at once. */
    private String value(SecretName name) {
        try (Secret secret = resolver.resolve(name)) {
            return secret.exposeAsString();
        } catch (SecretResolutionException e) {
            throw unavailable(e.getMessage());
        }
    }

    private GatewayFailure.UpstreamUnavailable unavailable(String reason) {
        return new GatewayFailure.UpstreamUnavailable(server, reason, null);
    }
}
