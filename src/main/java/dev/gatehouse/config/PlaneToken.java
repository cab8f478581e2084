package dev.gatehouse.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the MCP plane, in {@code plane-token} in the home (0600, written atomically). 256 random
 * bits, base64url. The running gateway re-reads the file when it changes, so {@code gatehouse token rotate} from
 * another process takes effect at once. The value is never logged and this class has no {@code toString}
 * that shows it.
 */
public final class PlaneToken {

    public static final String FILE_NAME = "plane-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private volatile String value;
    private volatile FileTime readAt;

    private PlaneToken(Path file) {
        this.file = file;
    }

    /** The token of {@code home}, created on first use. */
    public static PlaneToken openOrCreate(Path home) throws IOException {
        PlaneToken token = new PlaneToken(home.resolve(FILE_NAME));
        try {
            token.reload();
        } catch (NoSuchFileException e) {
            token.rotate();
        }
        return token;
    }

    /** The current value, for {@code gatehouse token show}. */
    public String show() throws IOException {
        refreshIfChanged();
        return value;
    }

    /** Replaces the token with a fresh one and answers it; clients holding the old one are refused from now. */
    public synchronized String rotate() throws IOException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        AtomicFile.writeString(file, fresh + "\n");
        value = fresh;
        readAt = Files.getLastModifiedTime(file);
        return fresh;
    }

    /** Whether {@code presented} is the current token; compared in constant time. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        try {
            refreshIfChanged();
        } catch (IOException e) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private void refreshIfChanged() throws IOException {
        if (!Files.getLastModifiedTime(file).equals(readAt)) {
            reload();
        }
    }

    private synchronized void reload() throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.length() < 32) {
            throw new IOException(file + " holds no usable token; run: gatehouse token rotate");
        }
        value = text;
        readAt = modified;
    }
}
