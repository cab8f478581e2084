package dev.gatehouse.vault;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of one secret: {@code version(1) || keyIdLength(1) || keyId || nonce(12) || ciphertext+tag}.
 * The associated data binds the format version, the data key's id and the secret's name, so a blob copied to
 * another name, or relabelled with another key id, fails to open.
 */
final class Envelope {

    static final byte VERSION = 1;
    private static final String CONTEXT = "gatehouse/vault/secret/v1";

    private Envelope() {
    }

    static byte[] seal(DataKey key, SecretName name, char[] value) {
        byte[] plaintext = ValueCodec.encode(value);
        try {
            byte[] sealed = Aead.seal(key.bytes(), associatedData(key.id(), name), plaintext);
            byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(2 + id.length + sealed.length);
            out.put(VERSION).put((byte) id.length).put(id).put(sealed);
            return out.array();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The id of the data key that sealed {@code envelope}. */
    static String keyId(byte[] envelope) throws Aead.OpenFailed {
        if (envelope.length < 2 || envelope[0] != VERSION || envelope.length < 2 + envelope[1]) {
            throw new Aead.OpenFailed();
        }
        return new String(envelope, 2, envelope[1], StandardCharsets.US_ASCII);
    }

    static char[] open(DataKey key, SecretName name, byte[] envelope) throws Aead.OpenFailed {
        String keyId = keyId(envelope);
        if (!keyId.equals(key.id())) {
            throw new Aead.OpenFailed();
        }
        int headerLength = 2 + envelope[1];
        byte[] sealed = Arrays.copyOfRange(envelope, headerLength, envelope.length);
        byte[] plaintext = Aead.open(key.bytes(), associatedData(keyId, name), sealed);
        try {
            return ValueCodec.decode(plaintext);
        } catch (CharacterCodingException e) {
            throw new Aead.OpenFailed();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] associatedData(String keyId, SecretName name) {
        return (CONTEXT + "\0" + VERSION + "\0" + keyId + "\0" + name.value()).getBytes(StandardCharsets.UTF_8);
    }
}
