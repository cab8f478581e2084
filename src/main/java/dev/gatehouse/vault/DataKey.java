package dev.gatehouse.vault;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** The key that seals secrets, unwrapped in memory, with the id that envelopes name it by. */
final class DataKey implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final byte[] bytes;

    DataKey(String id, byte[] bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    static DataKey generate() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return new DataKey("dk-" + HexFormat.of().formatHex(id), Aead.randomKey());
    }

    String id() {
        return id;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Zeroes the key bytes. */
    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[" + id + "]";
    }
}
