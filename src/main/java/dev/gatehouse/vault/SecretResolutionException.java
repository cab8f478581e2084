package dev.gatehouse.vault;

/**
 * A referenced secret could not be had. The message names the secret and the reason, never a value, and is
 * safe to show in a server's status.
 */
public final class SecretResolutionException extends Exception {

    private final SecretName name;

    private SecretResolutionException(SecretName name, String message) {
        super(message, null, false, false);
        this.name = name;
    }

    public static SecretResolutionException missing(SecretName name) {
        return new SecretResolutionException(name, "secret '" + name + "' is not in the vault (add it with"
                + " 'gatehouse secret set " + name + "')");
    }

    public static SecretResolutionException unavailable(SecretName name, String reason) {
        return new SecretResolutionException(name, "secret '" + name + "' cannot be read: " + reason);
    }

    public SecretName name() {
        return name;
    }
}
