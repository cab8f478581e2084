package dev.gatehouse.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;

/**
 * RFC 9728 discovery, in the order the MCP specification gives: the {@code resource_metadata} URL of the
 * server's challenge, then {@code /.well-known/oauth-protected-resource} with the server's path, then at the root.
 * The document's {@code resource} must cover the server's URL (same origin, a path prefix of it): a server may not
 * send the user to sign in for someone else's resource.
 */
final class ResourceDiscovery {

    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final OAuthHttp http;

    ResourceDiscovery(OAuthHttp http) {
        this.http = http;
    }

    ResourceMetadata discover(URI server, Optional<URI> fromChallenge) throws OAuthException {
        for (URI candidate : candidates(server, fromChallenge)) {
            Optional<JSONObject> document = http.getJson(candidate);
            if (document.isPresent()) {
                return parse(server, candidate, document.get());
            }
        }
        URI origin = origin(server);
        return new ResourceMetadata(server.toString(), List.of(origin), List.of(), false);
    }

    static List<URI> candidates(URI server, Optional<URI> fromChallenge) {
        List<URI> candidates = new ArrayList<>();
        fromChallenge.ifPresent(candidates::add);
        String path = server.getRawPath() == null ? "" : server.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            candidates.add(URI.create(origin(server) + WELL_KNOWN + stripTrailingSlash(path)));
        }
        candidates.add(URI.create(origin(server) + WELL_KNOWN));
        return candidates;
    }

    private static ResourceMetadata parse(URI server, URI from, JSONObject document) throws OAuthException {
        if (!(document.get("resource") instanceof String resource) || resource.isBlank()) {
            throw new OAuthException(OAuthException.Reason.DISCOVERY, "the protected resource metadata at "
                    + OAuthHttp.describe(from) + " has no 'resource'");
        }
        if (!covers(resource, server)) {
            throw new OAuthException(OAuthException.Reason.RESOURCE_MISMATCH, "the protected resource metadata at "
                    + OAuthHttp.describe(from) + " is for " + safe(resource) + ", not for "
                    + OAuthHttp.describe(server) + "; refusing to sign in for another resource");
        }
        List<URI> servers = new ArrayList<>();
        if (document.get("authorization_servers") instanceof JSONArray array) {
            for (Object entry : array) {
                if (entry instanceof String text) {
                    try {
                        URI issuer = new URI(text);
                        if (issuer.isAbsolute()) {
                            servers.add(issuer);
                        }
                    } catch (java.net.URISyntaxException e) {
                        continue;
                    }
                }
            }
        }
        if (servers.isEmpty()) {
            throw new OAuthException(OAuthException.Reason.DISCOVERY, "the protected resource metadata at "
                    + OAuthHttp.describe(from) + " names no authorization server");
        }
        List<String> scopes = new ArrayList<>();
        if (document.get("scopes_supported") instanceof JSONArray array) {
            array.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
        }
        return new ResourceMetadata(resource, servers, scopes, true);
    }

    /** Whether {@code resource} names {@code server}: same scheme, host and port, and a path prefix of it. */
    static boolean covers(String resource, URI server) {
        URI named;
        try {
            named = new URI(resource);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (!named.isAbsolute() || named.getRawFragment() != null || named.getHost() == null
                || !named.getScheme().equalsIgnoreCase(server.getScheme())
                || !named.getHost().toLowerCase(Locale.ROOT).equals(server.getHost().toLowerCase(Locale.ROOT))
                || port(named) != port(server)) {
            return false;
        }
        String prefix = stripTrailingSlash(named.getRawPath() == null ? "" : named.getRawPath());
        String path = stripTrailingSlash(server.getRawPath() == null ? "" : server.getRawPath());
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    static URI origin(URI url) {
        return URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority());
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A value from a document, cut and without control characters, for a message. */
    static String safe(String text) {
        String cleaned = text.replaceAll("[\\p{Cntrl}]", "?");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) + "…" : cleaned;
    }
}
