package dev.gatehouse.vault;

import java.util.Map;
import java.util.Optional;

/**
 * The KEK given by the user in {@code GATEHOUSE_MASTER_KEY} (64 hex characters): for machines without a
 * keychain where the key can come from a service manager or a secrets injector rather than a file.
 */
public final class EnvironmentKeyBackend implements KeyBackend {

    public static final String VARIABLE = "GATEHOUSE_MASTER_KEY";

    private final String value;

    public EnvironmentKeyBackend(Map<String, String> environment) {
        this.value = environment.get(VARIABLE);
    }

    @Override
    public String id() {
        return "env";
    }

    @Override
    public String description() {
        return "environment variable " + VARIABLE;
    }

    @Override
    public Probe probe() {
        if (value == null || value.isEmpty()) {
            return new Probe(false, VARIABLE + " is not set");
        }
        Optional<byte[]> key = KeyHex.parse(value);
        if (key.isEmpty()) {
            return new Probe(false, VARIABLE + " is set but is not " + KeyHex.LENGTH
                    + " hexadecimal characters (it has " + value.strip().length() + " characters)");
        }
        java.util.Arrays.fill(key.get(), (byte) 0);
        return new Probe(true, VARIABLE + " holds a 256-bit key");
    }

    @Override
    public Optional<byte[]> load(String vaultId) throws KeyBackendException {
        if (!probe().available()) {
            throw new KeyBackendException(probe().detail());
        }
        return KeyHex.parse(value);
    }

    @Override
    public byte[] create(String vaultId) throws KeyBackendException {
        return load(vaultId).orElseThrow();
    }

    /** The variable belongs to the user; there is nothing for the gateway to delete. */
    @Override
    public void delete(String vaultId) {
    }
}
