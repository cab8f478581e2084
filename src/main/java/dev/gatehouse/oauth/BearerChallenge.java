package dev.gatehouse.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Bearer} challenge of a {@code WWW-Authenticate} header (RFC 6750 §3, RFC 9728 §5.1): the error, the
 * scope the server asks for and where its protected resource metadata is. Parsed as RFC 9110 auth-params, quoted
 * strings with escapes included; other schemes' challenges in the same header are skipped. A header that is not
 * parseable yields an empty challenge rather than a guess.
 */
public record BearerChallenge(int status, Optional<String> error, List<String> scopes,
                              Optional<URI> resourceMetadata) {

    public BearerChallenge {
        scopes = List.copyOf(scopes);
    }

    /** The challenge of a 401 or 403 answer; {@code header} may be null (a server that sent none). */
    public static BearerChallenge parse(int status, String header) {
        Map<String, String> params = header == null ? Map.of() : bearerParams(header);
        Optional<URI> metadata = Optional.ofNullable(params.get("resource_metadata")).flatMap(BearerChallenge::uri);
        String scope = params.get("scope");
        List<String> scopes = scope == null ? List.of() : List.of(scope.strip().split("\\s+")).stream()
                .filter(s -> !s.isEmpty()).toList();
        return new BearerChallenge(status, Optional.ofNullable(params.get("error")), scopes, metadata);
    }

    /** A 403 asking for more scope: the case for step-up. */
    public boolean insufficientScope() {
        return status == 403 && error.filter("insufficient_scope"::equals).isPresent();
    }

    private static Optional<URI> uri(String text) {
        try {
            URI uri = new URI(text.strip());
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The auth-params of the first Bearer challenge, names lower case; empty when there is none. */
    private static Map<String, String> bearerParams(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = header.length();
        boolean inBearer = false;
        while (i < n) {
            i = skip(header, i, " \t,");
            int start = i;
            while (i < n && isTokenChar(header.charAt(i))) {
                i++;
            }
            if (start == i) {
                return inBearer ? params : Map.of();
            }
            String token = header.substring(start, i);
            int afterSpaces = skip(header, i, " \t");
            if (afterSpaces < n && header.charAt(afterSpaces) == '=' && !(afterSpaces + 1 < n
                    && header.charAt(afterSpaces + 1) == '=')) {
                i = skip(header, afterSpaces + 1, " \t");
                StringBuilder value = new StringBuilder();
                if (i < n && header.charAt(i) == '"') {
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        if (header.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(header.charAt(i++));
                    }
                    i++;
                } else {
                    while (i < n && isTokenChar(header.charAt(i))) {
                        value.append(header.charAt(i++));
                    }
                }
                if (inBearer) {
                    params.putIfAbsent(token.toLowerCase(Locale.ROOT), value.toString());
                }
            } else {
                // A new challenge begins with its scheme name.
                if (inBearer) {
                    return params;
                }
                inBearer = token.equalsIgnoreCase("Bearer");
                i = afterSpaces;
            }
        }
        return params;
    }

    private static int skip(String text, int from, String chars) {
        int i = from;
        while (i < text.length() && chars.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
