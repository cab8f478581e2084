package dev.gatehouse.config;

import dev.gatehouse.vault.SecretRef;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code ${secret:NAME}} may stand in a server's table: in {@code env} values (the child receives the value in
 * its environment, visible to its own user alone), in a remote server's {@code headers} values, and in the values
 * of its {@code url}'s query (both sent to that server only). In {@code args} it is refused because every local user
 * can read a process's arguments; in the rest of a URL it would change where requests go or show in every log line
 * that names the destination; elsewhere ({@code command}, {@code cwd}) it has no meaning.
 */
final class SecretReferenceRule {

    private static final String ALLOWED = "secret references are allowed only in env values, header values and"
            + " the values of a url's query";

    private SecretReferenceRule() {
    }

    /** Reports a malformed reference in an env value, located at the value. */
    static void checkEnvValue(String variable, String value, List<String> path, ProblemCollector problems) {
        checkWellFormed("env." + variable, value, path, problems);
    }

    /** Reports a malformed reference in a header value, located at the value. */
    static void checkHeaderValue(String header, String value, List<String> path, ProblemCollector problems) {
        checkWellFormed("headers." + header, value, path, problems);
    }

    static void checkArgument(int index, String argument, List<String> path, ProblemCollector problems) {
        if (SecretRef.mentionsSecret(argument)) {
            problems.atValue(path, "'args[" + index + "]' must not reference a secret: every local user can read"
                    + " a process's arguments. Put the reference in env (env.MY_TOKEN = \"${secret:NAME}\") and have"
                    + " the server read that variable");
        }
    }

    static void checkElsewhere(String key, String value, List<String> path, ProblemCollector problems) {
        if (value != null && SecretRef.mentionsSecret(value)) {
            problems.atValue(path, "'" + key + "' must not reference a secret: " + ALLOWED);
        }
    }

    /**
     * Reports a malformed reference in {@code url} (written with references as {@code ${secret:NAME}}), or one that
     * stands anywhere but in a query value; else the references, all in query values.
     */
    static Optional<List<SecretRef>> urlReferences(String url, List<String> path, ProblemCollector problems) {
        List<SecretRef> refs;
        try {
            refs = SecretRef.findIn(url);
        } catch (SecretRef.MalformedReference e) {
            problems.atValue(path, "'url': " + e.getMessage());
            return Optional.empty();
        }
        UrlParts parts = new UrlParts(masked(url, refs));
        for (SecretRef ref : refs) {
            Optional<String> place = parts.misplaced(ref.start());
            if (place.isPresent()) {
                problems.atValue(path, "'url' may reference a secret only in a query value"
                        + " (https://host/path?key=${secret:NAME}); the reference at character " + (ref.start() + 1)
                        + " is in " + place.get());
                return Optional.empty();
            }
        }
        return Optional.of(refs);
    }

    private static void checkWellFormed(String what, String value, List<String> path, ProblemCollector problems) {
        try {
            SecretRef.findIn(value);
        } catch (SecretRef.MalformedReference e) {
            problems.atValue(path, what + ": " + e.getMessage());
        }
    }

    /** {@code url} with each reference overwritten by as many {@code x}, so its punctuation cannot mislead. */
    private static String masked(String url, List<SecretRef> refs) {
        char[] chars = url.toCharArray();
        refs.forEach(ref -> java.util.Arrays.fill(chars, ref.start(), ref.end(), 'x'));
        return new String(chars);
    }

    /** The component boundaries of a URL's text (RFC 3986 section 3), found without parsing its values. */
    private record UrlParts(String text) {

        /** Which component holds {@code at}, unless it is a query value. */
        Optional<String> misplaced(int at) {
            int fragment = text.indexOf('#');
            if (fragment >= 0 && at > fragment) {
                return Optional.of("the #fragment");
            }
            int query = text.indexOf('?');
            if (query >= 0 && (fragment < 0 || query < fragment) && at > query) {
                int parameter = Math.max(text.lastIndexOf('&', at), query);
                int equals = text.indexOf('=', parameter);
                return equals >= 0 && equals < at ? Optional.empty() : Optional.of("a query parameter's name");
            }
            int colon = text.indexOf(':');
            if (colon < 0 || at < colon) {
                return Optional.of("the scheme");
            }
            if (!text.startsWith("//", colon + 1)) {
                return Optional.of("the path");
            }
            int authority = colon + 3;
            int authorityEnd = authority;
            while (authorityEnd < text.length() && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            if (at >= authorityEnd) {
                return Optional.of("the path");
            }
            int userInfoEnd = text.lastIndexOf('@', authorityEnd - 1);
            if (userInfoEnd >= authority && at < userInfoEnd) {
                return Optional.of("the user info");
            }
            int host = userInfoEnd >= authority ? userInfoEnd + 1 : authority;
            int portColon = text.lastIndexOf(':', authorityEnd - 1);
            boolean hasPort = portColon >= host && text.lastIndexOf(']', authorityEnd - 1) < portColon;
            return Optional.of(hasPort && at > portColon ? "the port" : "the host");
        }
    }
}
