package dev.gatehouse.vault;

import dev.gatehouse.vault.keychain.MacKeychainBackend;
import dev.gatehouse.vault.keychain.SecretServiceBackend;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The key backends in order of preference: OS keychain, then {@code GATEHOUSE_MASTER_KEY}, then a key file. */
public final class KeyBackends {

    /** Long enough for a keychain daemon to be activated on the session bus, short enough not to stall a start. */
    public static final Duration KEYCHAIN_TIMEOUT = Duration.ofSeconds(5);

    private KeyBackends() {
    }

    public static List<KeyBackend> standard(VaultHome home, Map<String, String> environment) {
        return standard(home, environment, KEYCHAIN_TIMEOUT);
    }

    public static List<KeyBackend> standard(VaultHome home, Map<String, String> environment, Duration timeout) {
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        KeyBackend keychain = mac
                ? new MacKeychainBackend(environment, timeout, true)
                : new SecretServiceBackend(environment, timeout);
        return List.of(keychain, new EnvironmentKeyBackend(environment), new KeyFileBackend(home));
    }

    /** The text every surface shows while the key file protects the vault. */
    static String keyFileWarning(KeyBackend file) {
        return "WARNING: the vault key is stored in " + file.description().replaceFirst("^key file ", "")
                + ", beside the vault it protects: anyone who can read this home can read every secret. Make a"
                + " keychain available (Linux: a Secret Service such as gnome-keyring, plus libsecret-tools) or set "
                + EnvironmentKeyBackend.VARIABLE + ", then run 'gatehouse secret rotate-key' to move the key there.";
    }
}
