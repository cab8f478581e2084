package dev.gatehouse.vault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every vault value, and the forms it takes on the wire, in text going out of the gateway (answers to
 * clients, log lines, later captured traffic) and replaces each occurrence by {@code [secret:NAME]}.
 *
 * <p>One Aho–Corasick automaton over all patterns, so a scan is linear in the text whatever the number of
 * secrets: each position reports only the longest pattern ending there (precomputed per state), and overlapping
 * matches are merged on a stack, so the work never depends on how patterns nest. Patterns per secret
 * ({@link SecretForms}): the value itself, its JSON-escaped form, standard and URL-safe base64 with and without
 * padding (also at the two other byte alignments a value can have inside a longer encoded text), and its
 * URL-encoded forms.
 *
 * <p>Values shorter than {@link #MIN_VALUE_LENGTH} characters are not scanned: replacing every "ab" in every
 * answer would destroy answers while protecting nothing a guess could not find. The automaton holds the
 * patterns it was built from for as long as it is in use; it is replaced, never mutated, when the vault changes.
 */
public final class SecretScanner {

    public static final int MIN_VALUE_LENGTH = 4;
    public static final SecretScanner EMPTY = new SecretScanner(new Automaton(), new String[0]);

    private final Automaton automaton;
    private final String[] names;

    private SecretScanner(Automaton automaton, String[] names) {
        this.automaton = automaton;
        this.names = names;
    }

    /** A scanner for {@code secrets}; it keeps no reference to them, which the caller may destroy. */
    public static SecretScanner of(List<Secret> secrets) {
        Automaton automaton = new Automaton();
        List<String> names = new ArrayList<>();
        for (Secret secret : secrets) {
            if (secret.length() < MIN_VALUE_LENGTH) {
                continue;
            }
            int index = names.size();
            names.add(secret.name().value());
            char[] value = secret.chars();
            try {
                for (char[] form : SecretForms.of(value)) {
                    automaton.add(form, index);
                    Arrays.fill(form, '\0');
                }
            } finally {
                Arrays.fill(value, '\0');
            }
        }
        if (names.isEmpty()) {
            return EMPTY;
        }
        automaton.link();
        return new SecretScanner(automaton, names.toArray(String[]::new));
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** {@code text} with every occurrence replaced; the same instance when nothing was found. */
    public String redact(String text) {
        if (names.length == 0 || text == null || text.isEmpty()) {
            return text;
        }
        // Merged matches as parallel stacks: start, end (exclusive), secret index, longest match length.
        int[] starts = null;
        int[] ends = null;
        int[] secrets = null;
        int[] lengths = null;
        int count = 0;
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            state = automaton.step(state, text.charAt(i));
            int length = automaton.longestMatch(state);
            if (length == 0) {
                continue;
            }
            int start = i + 1 - length;
            int secret = automaton.matchSecret(state);
            if (starts == null) {
                starts = new int[8];
                ends = new int[8];
                secrets = new int[8];
                lengths = new int[8];
            }
            while (count > 0 && ends[count - 1] > start) {
                count--;
                if (starts[count] < start) {
                    start = starts[count];
                }
                if (lengths[count] > length) {
                    length = lengths[count];
                    secret = secrets[count];
                }
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                secrets = Arrays.copyOf(secrets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            starts[count] = start;
            ends[count] = i + 1;
            secrets[count] = secret;
            lengths[count] = length;
            count++;
        }
        if (count == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int m = 0; m < count; m++) {
            out.append(text, at, starts[m]).append("[secret:").append(names[secrets[m]]).append(']');
            at = ends[m];
        }
        return out.append(text, at, text.length()).toString();
    }

    /** True when {@code text} holds any pattern. */
    public boolean finds(String text) {
        return redact(text) != text;
    }

    /** The number of automaton states, for sizing and tests. */
    int states() {
        return automaton.size();
    }
}
