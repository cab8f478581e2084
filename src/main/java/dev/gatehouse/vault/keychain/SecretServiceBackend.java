package dev.gatehouse.vault.keychain;

import dev.gatehouse.vault.KeyBackend;
import dev.gatehouse.vault.KeyBackendException;
import dev.gatehouse.vault.KeyHex;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Linux Secret Service (GNOME Keyring, KWallet) through libsecret's {@code secret-tool}, run as a
 * subprocess: the simplest honest route from Java, with no native code. The KEK is stored as 64 hex
 * characters under the attributes {@code service=dev.gatehouse.vault vault=VAULT_ID}; it is written on
 * stdin and read from stdout, never passed as an argument.
 *
 * <p>{@code secret-tool lookup} exits 1 without a word both when nothing is stored and when the collection is
 * locked, so a missing key is reported with both possibilities; storing into a locked collection fails with
 * the tool's own message, which is passed on.
 */
public final class SecretServiceBackend implements KeyBackend {

    static final String SERVICE = "dev.gatehouse.vault";

    private final Optional<KeychainCommand> tool;

    public SecretServiceBackend(Map<String, String> environment, Duration timeout) {
        this.tool = KeychainCommand.find("secret-tool", environment, timeout);
    }

    @Override
    public String id() {
        return "secret-service";
    }

    @Override
    public String description() {
        return "OS keychain (Secret Service via secret-tool)";
    }

    @Override
    public Probe probe() {
        if (tool.isEmpty()) {
            return new Probe(false, "secret-tool is not installed (Debian/Ubuntu: apt-get install libsecret-tools)");
        }
        try {
            KeychainCommand.Outcome outcome = run(attributes("lookup", "probe"), new byte[0]);
            outcome.wipe();
            if (outcome.exitCode() == 0 || (outcome.exitCode() == 1 && outcome.stderr().isEmpty())) {
                return new Probe(true, "the Secret Service answers on the session bus");
            }
            return new Probe(false, "the Secret Service is not reachable: " + describe(outcome));
        } catch (KeyBackendException e) {
            return new Probe(false, e.getMessage());
        }
    }

    @Override
    public Optional<byte[]> load(String vaultId) throws KeyBackendException {
        KeychainCommand.Outcome outcome = run(attributes("lookup", vaultId), new byte[0]);
        try {
            if (outcome.exitCode() == 1 && outcome.stderr().isEmpty()) {
                return Optional.empty();
            }
            if (outcome.exitCode() != 0) {
                throw new KeyBackendException("secret-tool lookup failed: " + describe(outcome));
            }
            return Optional.of(KeyHex.parse(outcome.stdout()).orElseThrow(() -> new KeyBackendException(
                    "the keychain entry for this vault does not hold a " + KeyHex.LENGTH + "-hex-character key")));
        } finally {
            outcome.wipe();
        }
    }

    @Override
    public byte[] create(String vaultId) throws KeyBackendException {
        byte[] key = KeyHex.randomKey();
        byte[] hex = KeyHex.format(key);
        try {
            KeychainCommand.Outcome outcome = run(List.of("store", "--label", "Gatehouse vault key " + vaultId,
                    "service", SERVICE, "vault", vaultId), hex);
            outcome.wipe();
            if (outcome.exitCode() != 0) {
                throw new KeyBackendException("the keychain refused to store the vault key: " + describe(outcome));
            }
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
        byte[] readBack = load(vaultId).orElseThrow(() -> new KeyBackendException(
                "the keychain accepted the vault key but does not return it (is the collection locked?)"));
        boolean same = Arrays.equals(readBack, key);
        Arrays.fill(readBack, (byte) 0);
        if (!same) {
            Arrays.fill(key, (byte) 0);
            throw new KeyBackendException("the keychain returned a different key than the one stored");
        }
        return key;
    }

    @Override
    public void delete(String vaultId) throws KeyBackendException {
        KeychainCommand.Outcome outcome = run(attributes("clear", vaultId), new byte[0]);
        outcome.wipe();
        if (outcome.exitCode() != 0) {
            throw new KeyBackendException("secret-tool clear failed: " + describe(outcome));
        }
    }

    private KeychainCommand.Outcome run(List<String> arguments, byte[] stdin) throws KeyBackendException {
        return tool.orElseThrow(() -> new KeyBackendException("secret-tool is not installed")).call(arguments, stdin);
    }

    private static List<String> attributes(String verb, String vaultId) {
        return List.of(verb, "service", SERVICE, "vault", vaultId);
    }

    private static String describe(KeychainCommand.Outcome outcome) {
        return outcome.stderr().isEmpty() ? "exit code " + outcome.exitCode() : outcome.stderr();
    }
}
