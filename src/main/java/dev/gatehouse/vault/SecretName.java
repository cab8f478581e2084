package dev.gatehouse.vault;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a secret in the vault: 1 to 256 of {@code A-Z a-z 0-9 . _ -}. Names are not secret, but a string
 * refused as a name is never echoed: a value pasted where a name belongs must not end up in a message.
 */
public record SecretName(String value) implements Comparable<SecretName> {

    public static final int MAX_LENGTH = 256;
    public static final String RULE = "secret names use 1 to " + MAX_LENGTH
            + " characters from A-Z, a-z, 0-9, '.', '_' and '-'";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    public SecretName {
        Optional<String> problem = problemWith(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    public static SecretName of(String value) {
        return new SecretName(value);
    }

    /** What is wrong with {@code candidate} as a name, without repeating it; empty when it is a valid name. */
    public static Optional<String> problemWith(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return Optional.of("a secret name must not be empty: " + RULE);
        }
        if (candidate.length() > MAX_LENGTH) {
            return Optional.of("a secret name of " + candidate.length() + " characters is too long: " + RULE);
        }
        if (!ALLOWED.matcher(candidate).matches()) {
            int at = firstDisallowed(candidate);
            return Optional.of("a secret name may not contain the character at position " + (at + 1) + ": " + RULE);
        }
        return Optional.empty();
    }

    static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static int firstDisallowed(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            if (!isNameChar(candidate.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** How config.toml refers to this secret: {@code ${secret:NAME}}. */
    public String reference() {
        return SecretRef.OPEN + value + "}";
    }

    @Override
    public int compareTo(SecretName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
