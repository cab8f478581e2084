package dev.gatehouse.vault;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** A vault in a temporary home with chosen backends, the way the composition root opens one. */
final class VaultFixture {

    static final String MASTER_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private VaultFixture() {
    }

    static VaultHome home(Path dir) {
        return new VaultHome(dir, name -> {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return file;
        });
    }

    /** The environment-variable backend with {@link #MASTER_KEY}, then the key file. */
    static List<KeyBackend> masterKey(VaultHome home) {
        return List.of(new EnvironmentKeyBackend(Map.of(EnvironmentKeyBackend.VARIABLE, MASTER_KEY)),
                new KeyFileBackend(home));
    }

    static Vault open(Path dir, InstantSource clock) throws VaultException {
        VaultHome home = home(dir);
        return Vault.open(home, masterKey(home), clock);
    }

    static Vault open(Path dir) throws VaultException {
        return open(dir, InstantSource.fixed(Instant.parse("2025-01-02T03:04:05Z")));
    }

    static void set(Vault vault, String name, String value) throws VaultException, IOException {
        vault.set(SecretName.of(name), new StringReader(value));
    }

    static String value(Vault vault, String name) throws SecretResolutionException {
        try (Secret secret = vault.resolve(SecretName.of(name))) {
            return secret.exposeAsString();
        }
    }
}
