package dev.gatehouse.vault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reference {@code ${secret:NAME}} inside a config string, with where it stands in that string (0-based
 * {@code start}, exclusive {@code end}). A string may hold several references amid literal text
 * ({@code "Bearer ${secret:gh-token}"}). Anything else that starts with {@code ${} is left as literal text;
 * {@code ${secret:} itself must be followed by a valid name and {@code }}, else the string is refused.
 */
public record SecretRef(SecretName name, int start, int end) {

    static final String OPEN = "${secret:";

    /** A {@code ${secret:} that is not a well-formed reference; the message never repeats the text. */
    public static final class MalformedReference extends Exception {
        private final int offset;

        MalformedReference(int offset, String problem) {
            super("malformed secret reference at character " + (offset + 1) + ": " + problem
                    + "; write ${secret:NAME}, where " + SecretName.RULE, null, false, false);
            this.offset = offset;
        }

        /** 0-based position of the {@code $} that opens the bad reference. */
        public int offset() {
            return offset;
        }
    }

    /** Every reference in {@code text}, in order; empty when it has none. */
    public static List<SecretRef> findIn(String text) throws MalformedReference {
        List<SecretRef> refs = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf(OPEN, from);
            if (start < 0) {
                return refs;
            }
            int nameStart = start + OPEN.length();
            int close = nameStart;
            while (close < text.length() && SecretName.isNameChar(text.charAt(close))) {
                close++;
            }
            if (close >= text.length() || text.charAt(close) != '}') {
                throw new MalformedReference(start, close >= text.length()
                        ? "it has no closing '}'" : "the name contains a character that is not allowed");
            }
            if (close == nameStart) {
                throw new MalformedReference(start, "the name is empty");
            }
            if (close - nameStart > SecretName.MAX_LENGTH) {
                throw new MalformedReference(start, "the name is longer than " + SecretName.MAX_LENGTH);
            }
            refs.add(new SecretRef(new SecretName(text.substring(nameStart, close)), start, close + 1));
            from = close + 1;
        }
    }

    /** True when {@code text} contains {@code ${secret:} at all, well-formed or not. */
    public static boolean mentionsSecret(String text) {
        return text.contains(OPEN);
    }

    /**
     * {@code text} with every reference replaced by its secret's value, each secret destroyed as soon as it is
     * copied. The result is a String because its consumers (a child's environment) take nothing else: build it
     * at the last moment and drop it right after.
     */
    public static String substitute(String text, SecretResolver resolver)
            throws MalformedReference, SecretResolutionException {
        List<SecretRef> refs = findIn(text);
        if (refs.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int at = 0;
        for (SecretRef ref : refs) {
            out.append(text, at, ref.start());
            try (Secret secret = resolver.resolve(ref.name())) {
                char[] chars = secret.chars();
                out.append(chars);
                Arrays.fill(chars, '\0');
            }
            at = ref.end();
        }
        out.append(text, at, text.length());
        return out.toString();
    }
}
