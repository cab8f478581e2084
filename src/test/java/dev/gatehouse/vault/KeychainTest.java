package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.set;
import static dev.gatehouse.vault.VaultFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.vault.keychain.SecretServiceBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS keychain backend against the real Secret Service. Run under {@code bin/keychain-tests} (dbus-run-session
 * with an unlocked gnome-keyring) these tests store the vault key in the keychain; run anywhere else they prove
 * that the backend reports itself unavailable and the vault falls back loudly. Either way they assert something;
 * the script sets {@code GATEHOUSE_EXPECT_KEYCHAIN=1} so that a broken keychain setup fails instead of falling back.
 */
@Tag("keychain")
@Timeout(60)
class KeychainTest {

    private static final String SENTINEL = "keychain-sentinel-8Hq2";

    @TempDir
    Path home;

    /** The gateway's environment without a master key, so only the keychain or the key file can be chosen. */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove(EnvironmentKeyBackend.VARIABLE);
        return env;
    }

    @Test
    void theSessionKeychainHoldsTheVaultKeyWhenPresentElseTheVaultFallsBackLoudly(TestReporter reporter)
            throws Exception {
        VaultHome vaultHome = VaultFixture.home(home);
        KeyBackend.Probe probe = new SecretServiceBackend(environment(), KeyBackends.KEYCHAIN_TIMEOUT).probe();
        reporter.publishEntry("secret-service", (probe.available() ? "available: " : "unavailable: ") + probe.detail());
        if ("1".equals(System.getenv("GATEHOUSE_EXPECT_KEYCHAIN"))) {
            assertThat(probe.available()).as("bin/keychain-tests promised a Secret Service: " + probe.detail()).isTrue();
        }
        try (Vault vault = Vault.open(vaultHome, KeyBackends.standard(vaultHome, environment()), Instant::now)) {
            set(vault, "s", SENTINEL);
            KeyBackendReport report = vault.keyReport();
            if (probe.available()) {
                assertThat(report.inUse()).contains("secret-service");
                assertThat(report.warning()).isEmpty();
                vault.rotateKey();
                assertThat(vault.keyReport().inUse()).contains("secret-service");
            } else {
                assertThat(report.backends().getFirst().state()).isEqualTo(KeyBackendReport.State.UNAVAILABLE);
                assertThat(report.backends().getFirst().detail()).isNotBlank();
                assertThat(report.inUse()).contains("file");
                assertThat(report.warning()).get().asString().startsWith("WARNING");
            }
        }
        try (Vault vault = Vault.open(vaultHome, KeyBackends.standard(vaultHome, environment()), Instant::now)) {
            assertThat(value(vault, "s")).isEqualTo(SENTINEL);
        } finally {
            if (probe.available()) {
                new SecretServiceBackend(environment(), KeyBackends.KEYCHAIN_TIMEOUT).delete(vaultId());
            }
        }
        assertThat(Files.exists(home.resolve(KeyFileBackend.FILE_NAME))).isEqualTo(!probe.available());
    }

    @Test
    void withoutASessionBusTheKeychainIsReportedUnavailableAtOnce() {
        long start = System.nanoTime();
        KeyBackend.Probe probe = new SecretServiceBackend(Map.of("PATH", System.getenv("PATH")),
                KeyBackends.KEYCHAIN_TIMEOUT).probe();
        assertThat(probe.available()).isFalse();
        assertThat(probe.detail()).containsAnyOf("D-Bus", "not installed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(KeyBackends.KEYCHAIN_TIMEOUT);
    }

    @Test
    void aKeychainToolThatNeverAnswersIsKilledAndReportedAfterItsTimeout() throws Exception {
        Path bin = Files.createDirectory(home.resolve("bin"));
        Path fake = bin.resolve("secret-tool");
        Files.writeString(fake, "#!/bin/sh\nexec sleep 120\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        long start = System.nanoTime();
        KeyBackend.Probe probe = new SecretServiceBackend(Map.of("PATH", bin + ":/usr/bin:/bin"),
                Duration.ofSeconds(1)).probe();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(probe.available()).isFalse();
        assertThat(probe.detail()).isEqualTo("secret-tool did not answer within 1000 ms (is the keychain locked and"
                + " waiting for a password prompt?)");
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("sleep")))
                .isEmpty();
    }

    @Test
    void aKeychainWithNoUnlockedCollectionIsReportedAndTheVaultFallsBackLoudly() throws Exception {
        Path dbusDaemon = Path.of("/usr/bin/dbus-daemon");
        if (!Files.isExecutable(dbusDaemon)) {
            KeyBackend.Probe probe = new SecretServiceBackend(Map.of("PATH", "/usr/bin:/bin"),
                    KeyBackends.KEYCHAIN_TIMEOUT).probe();
            assertThat(probe.available()).isFalse();
            return;
        }
        Path keyringHome = Files.createDirectory(home.resolve("keyring-home"));
        ProcessBuilder builder = new ProcessBuilder(dbusDaemon.toString(), "--session", "--nofork",
                "--print-address=1");
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", keyringHome.toString()));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process bus = builder.start();
        try {
            String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Path vaultDir = Files.createDirectory(home.resolve("vault"));
            VaultHome vaultHome = VaultFixture.home(vaultDir);
            Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", keyringHome.toString(),
                    "DBUS_SESSION_BUS_ADDRESS", address);
            try (Vault vault = Vault.open(vaultHome, KeyBackends.standard(vaultHome, env), Instant::now)) {
                set(vault, "s", SENTINEL);
                KeyBackendReport report = vault.keyReport();
                KeyBackendReport.Entry keychain = report.backends().getFirst();
                assertThat(keychain.state()).isEqualTo(KeyBackendReport.State.UNAVAILABLE);
                if (Files.isExecutable(Path.of("/usr/bin/gnome-keyring-daemon"))) {
                    assertThat(keychain.detail()).startsWith("answers, but refused the vault key");
                }
                assertThat(report.inUse()).contains("file");
                assertThat(report.warning()).isPresent();
                assertThat(value(vault, "s")).isEqualTo(SENTINEL);
            }
        } finally {
            bus.descendants().forEach(ProcessHandle::destroy);
            bus.destroy();
            bus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String vaultId() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("vault.db"));
             Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT value FROM vault_meta WHERE key = 'vault_id'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theStandardBackendsAreKeychainThenMasterKeyThenKeyFile() {
        List<KeyBackend> backends = KeyBackends.standard(VaultFixture.home(home), Map.of());
        assertThat(backends).extracting(KeyBackend::id).containsExactly("secret-service", "env", "file");
    }
}
