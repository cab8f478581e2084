package dev.gatehouse.vault;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${secret:NAME}} in a remote server's URL. A {@link URI} cannot hold {@code {} or {@code }}, so a loaded URL
 * keeps each reference percent-encoded, as {@code $%7Bsecret:NAME%7D}; that form is also what a URL written back to
 * config.toml shows, and reading it again gives the same references. Only the configured URL's query is searched:
 * a URL the server supplies (an HTTP+SSE endpoint) must never be able to name a secret it wants sent to it.
 */
public final class UrlReferences {

    private static final Pattern ENCODED = Pattern.compile("\\$%7[Bb]secret:([A-Za-z0-9._-]{1,"
            + SecretName.MAX_LENGTH + "})%7[Dd]");

    private UrlReferences() {
    }

    /** {@code text} with every encoded reference written as {@code ${secret:NAME}}, so one reader sees both forms. */
    public static String decoded(String text) {
        return ENCODED.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                SecretRef.OPEN + match.group(1) + "}"));
    }

    /** {@code text} with its references {@code refs} (as {@link SecretRef#findIn} found them) percent-encoded. */
    public static String encoded(String text, List<SecretRef> refs) {
        StringBuilder out = new StringBuilder(text.length() + 8 * refs.size());
        int at = 0;
        for (SecretRef ref : refs) {
            out.append(text, at, ref.start()).append("$%7Bsecret:").append(ref.name()).append("%7D");
            at = ref.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The references in {@code rawQuery} (a URI's raw query, or null), with their positions in it. */
    public static List<SecretRef> inRawQuery(String rawQuery) {
        List<SecretRef> refs = new ArrayList<>();
        if (rawQuery != null) {
            Matcher match = ENCODED.matcher(rawQuery);
            while (match.find()) {
                refs.add(new SecretRef(new SecretName(match.group(1)), match.start(), match.end()));
            }
        }
        return refs;
    }

    /** The names {@code url}'s query references, in order, repeats kept. */
    public static List<SecretName> namesIn(URI url) {
        return inRawQuery(url.getRawQuery()).stream().map(SecretRef::name).toList();
    }
}
