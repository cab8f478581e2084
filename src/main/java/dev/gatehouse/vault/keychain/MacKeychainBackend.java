package dev.gatehouse.vault.keychain;

import dev.gatehouse.vault.KeyBackend;
import dev.gatehouse.vault.KeyBackendException;
import dev.gatehouse.vault.KeyHex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The macOS login keychain through {@code /usr/bin/security}. Storing goes through {@code security -i}, which
 * reads its command from stdin, because {@code add-generic-password -w KEY} would put the key in the process
 * list. Reading uses {@code find-generic-password -w}, which prints the password alone on stdout. Exit code 44
 * is the tool's "item not found".
 */
public final class MacKeychainBackend implements KeyBackend {

    private static final int NOT_FOUND = 44;

    private final Optional<KeychainCommand> tool;

    public MacKeychainBackend(Map<String, String> environment, Duration timeout, boolean onMac) {
        this.tool = onMac ? KeychainCommand.find("security", environment, timeout) : Optional.empty();
    }

    @Override
    public String id() {
        return "macos-keychain";
    }

    @Override
    public String description() {
        return "OS keychain (macOS Keychain via security)";
    }

    @Override
    public Probe probe() {
        if (tool.isEmpty()) {
            return new Probe(false, "not macOS, or /usr/bin/security is missing");
        }
        try {
            KeychainCommand.Outcome outcome = run(find("probe", false), new byte[0]);
            outcome.wipe();
            boolean answered = outcome.exitCode() == 0 || outcome.exitCode() == NOT_FOUND;
            return new Probe(answered, answered ? "the login keychain answers" : "security failed: "
                    + outcome.stderr());
        } catch (KeyBackendException e) {
            return new Probe(false, e.getMessage());
        }
    }

    @Override
    public Optional<byte[]> load(String vaultId) throws KeyBackendException {
        KeychainCommand.Outcome outcome = run(find(vaultId, true), new byte[0]);
        try {
            if (outcome.exitCode() == NOT_FOUND) {
                return Optional.empty();
            }
            if (outcome.exitCode() != 0) {
                throw new KeyBackendException("security find-generic-password failed: " + outcome.stderr());
            }
            return Optional.of(KeyHex.parse(outcome.stdout()).orElseThrow(() -> new KeyBackendException(
                    "the keychain item for this vault does not hold a " + KeyHex.LENGTH + "-hex-character key")));
        } finally {
            outcome.wipe();
        }
    }

    @Override
    public byte[] create(String vaultId) throws KeyBackendException {
        byte[] key = KeyHex.randomKey();
        byte[] hex = KeyHex.format(key);
        byte[] prefix = ("add-generic-password -U -s " + SecretServiceBackend.SERVICE + " -a " + vaultId
                + " -l GatehouseVaultKey -w ").getBytes(StandardCharsets.US_ASCII);
        byte[] script = new byte[prefix.length + hex.length + 1];
        System.arraycopy(prefix, 0, script, 0, prefix.length);
        System.arraycopy(hex, 0, script, prefix.length, hex.length);
        script[script.length - 1] = '\n';
        try {
            KeychainCommand.Outcome outcome = run(List.of("-i"), script);
            outcome.wipe();
            if (outcome.exitCode() != 0) {
                throw new KeyBackendException("the keychain refused to store the vault key: " + outcome.stderr());
            }
            return key;
        } finally {
            Arrays.fill(hex, (byte) 0);
            Arrays.fill(script, (byte) 0);
        }
    }

    @Override
    public void delete(String vaultId) throws KeyBackendException {
        KeychainCommand.Outcome outcome = run(List.of("delete-generic-password", "-s", SecretServiceBackend.SERVICE,
                "-a", vaultId), new byte[0]);
        outcome.wipe();
        if (outcome.exitCode() != 0 && outcome.exitCode() != NOT_FOUND) {
            throw new KeyBackendException("security delete-generic-password failed: " + outcome.stderr());
        }
    }

    private KeychainCommand.Outcome run(List<String> arguments, byte[] stdin) throws KeyBackendException {
        return tool.orElseThrow(() -> new KeyBackendException("not macOS")).call(arguments, stdin);
    }

    private static List<String> find(String account, boolean printPassword) {
        return printPassword
                ? List.of("find-generic-password", "-s", SecretServiceBackend.SERVICE, "-a", account, "-w")
                : List.of("find-generic-password", "-s", SecretServiceBackend.SERVICE, "-a", account);
    }
}
