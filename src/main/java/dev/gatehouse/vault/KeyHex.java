package dev.gatehouse.vault;

import java.util.Arrays;
import java.util.Optional;

/** A 256-bit key written as 64 hexadecimal characters, parsed without going through a String. */
public final class KeyHex {

    public static final int LENGTH = Aead.KEY_BYTES * 2;
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private KeyHex() {
    }

    /** The key in {@code text} (surrounding whitespace ignored), or empty when it is not 64 hex digits. */
    public static Optional<byte[]> parse(byte[] text) {
        int from = 0;
        int to = text.length;
        while (from < to && Character.isWhitespace(text[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(text[to - 1])) {
            to--;
        }
        if (to - from != LENGTH) {
            return Optional.empty();
        }
        byte[] key = new byte[Aead.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            int high = Character.digit(text[from + 2 * i], 16);
            int low = Character.digit(text[from + 2 * i + 1], 16);
            if (high < 0 || low < 0) {
                Arrays.fill(key, (byte) 0);
                return Optional.empty();
            }
            key[i] = (byte) (high << 4 | low);
        }
        return Optional.of(key);
    }

    public static Optional<byte[]> parse(String text) {
        return parse(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** A fresh random key, as hex bytes the caller wipes. */
    public static byte[] format(byte[] key) {
        byte[] out = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            out[2 * i] = DIGITS[(key[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[key[i] & 0xf];
        }
        return out;
    }

    public static byte[] randomKey() {
        return Aead.randomKey();
    }
}
