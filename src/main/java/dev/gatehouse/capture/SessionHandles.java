package dev.gatehouse.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name a session is recorded under: {@code s} and 16 hex digits of the SHA-256 of its id. The id itself is a
 * bearer of the session (whoever holds it can post into it and read its stream), so it is never stored or shown;
 * the handle is stable, so every exchange of a session carries the same one, and cannot be turned back into the id.
 */
public final class SessionHandles {

    private static final Pattern RAW_ID = Pattern.compile("[0-9a-f]{32}");

    private SessionHandles() {
    }

    public static String of(String sessionId) {
        if (sessionId == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "s" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** What a user typed after {@code --session}: a handle as shown, or a raw id from a client's logs. */
    public static String normalize(String handleOrId) {
        if (handleOrId == null) {
            return null;
        }
        return RAW_ID.matcher(handleOrId).matches() ? of(handleOrId) : handleOrId;
    }
}
