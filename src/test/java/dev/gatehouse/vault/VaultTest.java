package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.set;
import static dev.gatehouse.vault.VaultFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {

    private static final String SENTINEL = "sentinel-Vx7Q-value-93kd";

    @TempDir
    Path home;

    @Test
    void aStoredSecretResolvesFromAFreshlyOpenedVault() throws Exception {
        try (Vault vault = VaultFixture.open(home)) {
            set(vault, "openai", SENTINEL + "\n");
        }
        try (Vault vault = VaultFixture.open(home)) {
            assertThat(value(vault, "openai")).isEqualTo(SENTINEL);
        }
    }

    @Test
    void everyFileTheVaultWritesIsOwnerOnlyAndHoldsNoPlaintext() throws Exception {
        try (Vault vault = VaultFixture.open(home)) {
            set(vault, "openai", SENTINEL);
            set(vault, "openai", SENTINEL + "-2");
            vault.rotateKey();
        }
        try (Stream<Path> files = Files.list(home)) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString()).isEqualTo("rw-------");
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .doesNotContain(SENTINEL);
            }
        }
    }

    @Test
    void anEnvelopeCopiedToAnotherNameFailsToOpen() throws Exception {
        try (Vault vault = VaultFixture.open(home)) {
            set(vault, "real", SENTINEL);
            set(vault, "decoy", "something-else");
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("vault.db"));
             Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE secrets SET envelope = (SELECT envelope FROM secrets WHERE name = 'real')"
                    + " WHERE name = 'decoy'");
        }
        try (Vault vault = VaultFixture.open(home)) {
            assertThatThrownBy(() -> vault.resolve(SecretName.of("decoy")))
                    .isInstanceOf(SecretResolutionException.class)
                    .hasMessageContaining("secret 'decoy' cannot be read")
                    .hasMessageContaining("copied from another name")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SENTINEL));
            assertThat(value(vault, "real")).isEqualTo(SENTINEL);
        }
    }

    @Test
    void setRefusesEmptyAndOversizedValues() throws Exception {
        try (Vault vault = VaultFixture.open(home)) {
            assertThatThrownBy(() -> set(vault, "x", "\n")).isInstanceOf(VaultException.BadValue.class)
                    .hasMessage("the value is empty");
            assertThatThrownBy(() -> set(vault, "x", "a".repeat(Vault.MAX_VALUE_CHARS + 1)))
                    .isInstanceOf(VaultException.BadValue.class).hasMessageContaining("longer than");
            assertThat(vault.set(SecretName.of("x"), new StringReader("a".repeat(Vault.MAX_VALUE_CHARS)))).isTrue();
            assertThat(vault.set(SecretName.of("x"), new StringReader("b\r\n"))).isFalse();
            assertThat(value(vault, "x")).isEqualTo("b");
        }
    }

    @Test
    void listShowsNamesTimesAndTheServersReferencingEach() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
        try (Vault vault = VaultFixture.open(home, now::get)) {
            set(vault, "b-token", "value-one");
            set(vault, "a-key", "value-two");
            now.set(Instant.parse("2025-02-01T00:00:00Z"));
            set(vault, "b-token", "value-three");
            List<SecretInfo> infos = vault.list(Map.of(SecretName.of("b-token"), List.of("github", "gitlab")));
            assertThat(infos).containsExactly(
                    new SecretInfo(SecretName.of("a-key"), Instant.parse("2025-01-01T00:00:00Z"),
                            Instant.parse("2025-01-01T00:00:00Z"), List.of()),
                    new SecretInfo(SecretName.of("b-token"), Instant.parse("2025-01-01T00:00:00Z"),
                            Instant.parse("2025-02-01T00:00:00Z"), List.of("github", "gitlab")));
        }
    }

    @Test
    void deleteRefusesWhileReferencedUnlessForced() throws Exception {
        Map<SecretName, List<String>> refs = Map.of(SecretName.of("gh"), List.of("github"));
        try (Vault vault = VaultFixture.open(home)) {
            set(vault, "gh", SENTINEL);
            assertThatThrownBy(() -> vault.delete(SecretName.of("gh"), refs, false))
                    .isInstanceOf(VaultException.InUse.class)
                    .hasMessage("secret 'gh' is referenced by server(s) github; remove the references first, or"
                            + " delete with --force");
            vault.delete(SecretName.of("gh"), refs, true);
            assertThat(vault.names()).isEmpty();
            assertThatThrownBy(() -> vault.delete(SecretName.of("gh"), Map.of(), false))
                    .isInstanceOf(VaultException.NoSuchSecret.class).hasMessage("no secret named 'gh' in the vault");
        }
    }

    @Test
    void changeListenersRunAfterEveryCommittedChange() throws Exception {
        List<Boolean> seen = new ArrayList<>();
        try (Vault vault = VaultFixture.open(home)) {
            vault.addChangeListener(() -> {
                try {
                    seen.add(vault.scanner().finds("x " + SENTINEL + " y"));
                } catch (VaultException e) {
                    throw new AssertionError(e);
                }
            });
            set(vault, "s", SENTINEL);
            vault.rotateKey();
            vault.delete(SecretName.of("s"), Map.of(), false);
        }
        assertThat(seen).containsExactly(true, true, false);
    }

    @Test
    void rotationReencryptsEverySecretUnderANewKeyAndDeletesTheOldOne() throws Exception {
        try (Vault vault = VaultFixture.open(home)) {
            for (int i = 0; i < 5; i++) {
                set(vault, "s" + i, SENTINEL + i);
            }
            String before = storedKeyIds().getFirst();
            RotationResult result = vault.rotateKey();
            assertThat(result.oldKeyId()).isEqualTo(before);
            assertThat(result.secrets()).isEqualTo(5);
            assertThat(storedKeyIds()).containsExactly(result.newKeyId());
            assertThat(envelopeKeyIds()).containsOnly(result.newKeyId());
        }
        try (Vault vault = VaultFixture.open(home)) {
            for (int i = 0; i < 5; i++) {
                assertThat(value(vault, "s" + i)).isEqualTo(SENTINEL + i);
            }
        }
    }

    @Test
    void aRotationInterruptedMidwayLeavesTheOldKeyAndEveryOldEnvelope() throws Exception {
        String oldKey;
        try (Vault vault = VaultFixture.open(home)) {
            for (int i = 0; i < 4; i++) {
                set(vault, "s" + i, SENTINEL + i);
            }
            oldKey = storedKeyIds().getFirst();
            assertThatThrownBy(() -> vault.rotateKey((name, done) -> {
                if (done == 3) {
                    throw new VaultException("injected failure after three secrets", null);
                }
            })).hasMessage("injected failure after three secrets");
            assertThat(storedKeyIds()).containsExactly(oldKey);
            assertThat(envelopeKeyIds()).containsOnly(oldKey);
            assertThat(value(vault, "s2")).isEqualTo(SENTINEL + 2);
        }
        try (Vault vault = VaultFixture.open(home)) {
            for (int i = 0; i < 4; i++) {
                assertThat(value(vault, "s" + i)).isEqualTo(SENTINEL + i);
            }
            assertThat(vault.rotateKey().secrets()).isEqualTo(4);
        }
    }

    @Test
    void rotationMovesTheKeyFromTheKeyFileToABetterBackendAndRemovesTheFile() throws Exception {
        VaultHome vaultHome = VaultFixture.home(home);
        try (Vault vault = Vault.open(vaultHome, List.of(new EnvironmentKeyBackend(Map.of()),
                new KeyFileBackend(vaultHome)), Instant::now)) {
            set(vault, "s", SENTINEL);
            assertThat(vault.keyReport().inUse()).contains("file");
            assertThat(vault.keyReport().warning()).get().asString().startsWith("WARNING: the vault key is stored in");
        }
        assertThat(home.resolve("vault.key")).exists();
        try (Vault vault = VaultFixture.open(home)) {
            KeyBackendReport report = vault.keyReport();
            assertThat(report.inUse()).as("the vault stays with the backend that wrapped its key").contains("file");
            assertThat(report.backends().getFirst().state()).isEqualTo(KeyBackendReport.State.AVAILABLE);
            assertThat(value(vault, "s")).isEqualTo(SENTINEL);
            RotationResult result = vault.rotateKey();
            assertThat(result.backend()).isEqualTo("env");
            assertThat(result.note()).isEmpty();
            assertThat(vault.keyReport().warning()).isEmpty();
        }
        assertThat(home.resolve("vault.key")).doesNotExist();
        try (Vault vault = VaultFixture.open(home)) {
            assertThat(value(vault, "s")).isEqualTo(SENTINEL);
        }
    }

    @Test
    void aDifferentMasterKeyReportsTheVaultLockedAndRevealsNothing() throws Exception {
        try (Vault vault = VaultFixture.open(home)) {
            set(vault, "s", SENTINEL);
        }
        VaultHome vaultHome = VaultFixture.home(home);
        String otherKey = "ff".repeat(32);
        try (Vault vault = Vault.open(vaultHome, List.of(new EnvironmentKeyBackend(
                Map.of(EnvironmentKeyBackend.VARIABLE, otherKey))), Instant::now)) {
            assertThatThrownBy(() -> vault.resolve(SecretName.of("s")))
                    .isInstanceOf(SecretResolutionException.class)
                    .hasMessageContaining("does not open this vault's data key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SENTINEL, otherKey, VaultFixture.MASTER_KEY));
        }
    }

    @Test
    void aMalformedMasterKeyIsReportedUnavailableWithoutEchoingIt() {
        KeyBackend.Probe probe = new EnvironmentKeyBackend(
                Map.of(EnvironmentKeyBackend.VARIABLE, "not-hex-but-long-enough")).probe();
        assertThat(probe.available()).isFalse();
        assertThat(probe.detail()).isEqualTo("GATEHOUSE_MASTER_KEY is set but is not 64 hexadecimal characters"
                + " (it has 23 characters)");
    }

    @Test
    void withNoKeychainAndNoMasterKeyTheVaultFallsBackToAKeyFileLoudly() throws Exception {
        VaultHome vaultHome = VaultFixture.home(home);
        try (Vault vault = Vault.open(vaultHome, KeyBackends.standard(vaultHome, Map.of("PATH", "/nonexistent")),
                Instant::now)) {
            KeyBackendReport report = vault.keyReport();
            assertThat(report.inUse()).isEmpty();
            assertThat(report.wouldUse()).contains("file");
            assertThat(report.backends()).extracting(KeyBackendReport.Entry::state).containsExactly(
                    KeyBackendReport.State.UNAVAILABLE, KeyBackendReport.State.UNAVAILABLE,
                    KeyBackendReport.State.AVAILABLE);
            assertThat(report.backends().getFirst().detail()).contains("not installed");
            assertThat(report.warning()).isPresent();
            assertThat(report.lines()).anyMatch(line -> line.startsWith("WARNING"));
            set(vault, "s", SENTINEL);
            assertThat(vault.keyReport().inUse()).contains("file");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("vault.key"))))
                .isEqualTo("rw-------");
    }

    private List<String> storedKeyIds() throws Exception {
        return column("SELECT id FROM data_keys");
    }

    private List<String> envelopeKeyIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("vault.db"));
             Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery("SELECT envelope FROM secrets")) {
            while (rs.next()) {
                ids.add(Envelope.keyId(rs.getBytes(1)));
            }
        }
        return ids;
    }

    private List<String> column(String query) throws IOException, java.sql.SQLException {
        List<String> values = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("vault.db"));
             Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
