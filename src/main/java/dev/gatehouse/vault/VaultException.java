package dev.gatehouse.vault;

import java.util.List;

/**
 * The vault could not do what was asked. Messages name secrets, servers, files and backends, never a value or
 * a key, and are safe to show to the user. Storage causes keep their SQL detail for the log only.
 */
public class VaultException extends Exception {

    VaultException(String message, Throwable cause) {
        super(message, cause);
    }

    static VaultException storage(String what, Throwable cause) {
        return new VaultException("vault storage failed: " + what, cause);
    }

    static VaultException locked(String why) {
        return new VaultException("the vault is locked: " + why, null);
    }

    /** The secret does not exist. */
    public static final class NoSuchSecret extends VaultException {
        NoSuchSecret(SecretName name) {
            super("no secret named '" + name + "' in the vault", null);
        }
    }

    /** The secret is referenced by servers in the config, and deleting it would break them. */
    public static final class InUse extends VaultException {
        private final List<String> servers;

        InUse(SecretName name, List<String> servers) {
            super("secret '" + name + "' is referenced by server(s) " + String.join(", ", servers)
                    + "; remove the references first, or delete with --force", null);
            this.servers = List.copyOf(servers);
        }

        public List<String> servers() {
            return servers;
        }
    }

    /** The value given to {@code set} is unusable (empty, too long, not text). */
    public static final class BadValue extends VaultException {
        BadValue(String why) {
            super(why, null);
        }
    }
}
