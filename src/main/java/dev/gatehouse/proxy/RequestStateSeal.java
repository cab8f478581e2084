package dev.gatehouse.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals the {@code requestState} the gateway hands a modern client when a legacy server asks it for input. The
 * state is AES-256-GCM under a key made at start and never stored, so only this process can open it, and a state
 * from before a restart is simply unknown. What it binds (caller, request, pending keys, round, expiry) is
 * checked by {@link InputRequests}; this class only proves the state is one the gateway made and has not lapsed.
 */
final class RequestStateSeal {

    /** Marks gateway-made states, so a modern server's own opaque state is never mistaken for one. */
    static final String PREFIX = "gh1.";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_STATE_CHARS = 8192;
    private static final byte[] ASSOCIATED = "gatehouse requestState v1".getBytes(StandardCharsets.US_ASCII);

    /** What a sealed state says: which suspended call and round, for whom, about which request, until when. */
    record State(String handle, int round, String principal, byte[] requestHash, List<String> keys, Instant expires) {
        State {
            keys = List.copyOf(keys);
            requestHash = requestHash.clone();
        }

        boolean isFor(String otherPrincipal, byte[] otherHash) {
            return principal.equals(otherPrincipal) && MessageDigest.isEqual(requestHash, otherHash);
        }
    }

    /** Why a state was refused; the message is safe to show the client (it names no secret and no key). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;

    RequestStateSeal(InstantSource clock) {
        this.clock = clock;
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            this.key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 is not available in this JVM", e);
        }
    }

    static boolean isSealed(String requestState) {
        return requestState != null && requestState.startsWith(PREFIX);
    }

    String seal(State state) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED);
            byte[] sealed = cipher.doFinal(encode(state));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a requestState failed", e);
        }
    }

    /** The state inside {@code text}, if this process sealed it, nobody changed it and it has not expired. */
    State open(String text) throws Refused {
        if (!isSealed(text) || text.length() > MAX_STATE_CHARS) {
            throw new Refused("requestState was not issued by this gateway");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new Refused("requestState is not valid: it was altered or forged");
        }
        if (raw.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new Refused("requestState is not valid: it was altered or forged");
        }
        State state;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(ASSOCIATED);
            state = decode(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES));
        } catch (GeneralSecurityException | IOException e) {
            throw new Refused("requestState is not valid: it was altered, forged, or issued before a restart");
        }
        if (!clock.instant().isBefore(state.expires())) {
            throw new Refused("requestState has expired; send the request again without it");
        }
        return state;
    }

    private static byte[] encode(State state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(state.handle());
            out.writeInt(state.round());
            out.writeUTF(state.principal());
            out.writeShort(state.requestHash().length);
            out.write(state.requestHash());
            out.writeShort(state.keys().size());
            for (String k : state.keys()) {
                out.writeUTF(k);
            }
            out.writeLong(state.expires().toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static State decode(byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            String handle = in.readUTF();
            int round = in.readInt();
            String principal = in.readUTF();
            byte[] hash = in.readNBytes(in.readUnsignedShort());
            int count = in.readUnsignedShort();
            List<String> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                keys.add(in.readUTF());
            }
            return new State(handle, round, principal, hash, keys, Instant.ofEpochMilli(in.readLong()));
        }
    }
}
