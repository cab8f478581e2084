package dev.gatehouse.capture;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one test for header names and JSON keys whose values are credentials. Long markers match anywhere in the
 * name ({@code x-access-token}, {@code clientSecret}); the short ones, {@code key} and {@code auth}, only as a
 * whole word of it ({@code api_key}, {@code apiKey}, {@code X-Auth}), so that {@code author} or {@code monkey}
 * are left alone. A few protocol fields that merely contain a marker are named explicitly as harmless.
 */
final class SensitiveNames {

    private static final String[] ANYWHERE = {"token", "secret", "password", "passwd", "passphrase", "credential",
        "cookie", "apikey", "authorization", "privatekey", "session-id", "sessionid"};
    private static final Set<String> WORDS = Set.of("key", "keys", "auth", "oauth", "authn", "authz", "pwd",
        "bearer", "signature", "sig");
    private static final Set<String> HARMLESS = Set.of("progresstoken");

    private SensitiveNames() {
    }

    /**
     * Answers per name, since the same few header names and JSON keys recur in every exchange the writer
     * prepares. Emptied when full, so that keys which never recur cannot grow it.
     */
    private static final int MAX_REMEMBERED = 4096;
    private static final Map<String, Boolean> REMEMBERED = new ConcurrentHashMap<>();

    static boolean isSensitive(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        Boolean known = REMEMBERED.get(name);
        if (known != null) {
            return known;
        }
        if (REMEMBERED.size() >= MAX_REMEMBERED) {
            REMEMBERED.clear();
        }
        boolean sensitive = judge(name);
        REMEMBERED.put(name, sensitive);
        return sensitive;
    }

    private static boolean judge(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (HARMLESS.contains(lower)) {
            return false;
        }
        for (String marker : ANYWHERE) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return hasSensitiveWord(name);
    }

    /** Splits at '-', '_', '.', spaces and lower-to-upper case changes, and looks each word up. */
    private static boolean hasSensitiveWord(String name) {
        int start = 0;
        for (int i = 1; i <= name.length(); i++) {
            boolean boundary = i == name.length() || !Character.isLetterOrDigit(name.charAt(i))
                    || (Character.isUpperCase(name.charAt(i)) && Character.isLowerCase(name.charAt(i - 1)));
            if (boundary) {
                if (i > start && WORDS.contains(name.substring(start, i).toLowerCase(Locale.ROOT))) {
                    return true;
                }
                start = i < name.length() && !Character.isLetterOrDigit(name.charAt(i)) ? i + 1 : i;
            }
        }
        return false;
    }
}
