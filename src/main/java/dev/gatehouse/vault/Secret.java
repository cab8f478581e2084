package dev.gatehouse.vault;

import java.util.Arrays;

/**
 * A secret's value, held as characters so that it can be wiped: {@link #destroy()} (or closing it) zeroes the
 * array, after which every access fails. The value never shows in {@link #toString()}, in an exception
 * message, or through serialisation (the class is not {@link java.io.Serializable}, so
 * {@code ObjectOutputStream} refuses it). Two secrets are equal only when they are the same object: an
 * {@code equals} on the value would invite comparisons that leak timing and let values be probed, and one on
 * the name would make two different values look the same.
 *
 * <p>{@link #exposeAsString()} exists for the APIs that accept nothing else (a child's environment); a String
 * cannot be wiped, so callers use it only at the last moment and keep no reference to it.
 */
public final class Secret implements AutoCloseable {

    private final SecretName name;
    private final char[] value;
    private volatile boolean destroyed;

    private Secret(SecretName name, char[] value) {
        this.name = name;
        this.value = value;
    }

    /** A secret holding a copy of {@code value}; the caller still owns (and should wipe) its array. */
    public static Secret copyOf(SecretName name, char[] value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("a secret needs a name and a value");
        }
        return new Secret(name, value.clone());
    }

    /** A secret that takes over {@code value}: the array is wiped when the secret is destroyed. */
    static Secret adopt(SecretName name, char[] value) {
        return new Secret(name, value);
    }

    public SecretName name() {
        return name;
    }

    public int length() {
        checkAlive();
        return value.length;
    }

    /** A copy of the value; wipe it with {@code Arrays.fill(chars, '\0')} when done. */
    public char[] chars() {
        checkAlive();
        return value.clone();
    }

    /** The value as UTF-8 bytes, in a fresh array the caller wipes. */
    public byte[] utf8() {
        checkAlive();
        return ValueCodec.encode(value);
    }

    /** The value as a String, for APIs that take nothing else; see the class comment. */
    public String exposeAsString() {
        checkAlive();
        return new String(value);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Zeroes the value. Idempotent. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(value, '\0');
    }

    @Override
    public void close() {
        destroy();
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("secret " + name + " was destroyed");
        }
    }

    @Override
    public String toString() {
        return "Secret[" + name + ", redacted]";
    }
}
