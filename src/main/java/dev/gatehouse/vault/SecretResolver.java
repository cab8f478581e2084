package dev.gatehouse.vault;

/**
 * Looks up a secret by name when it is about to be used (a child about to be spawned, a request about to be
 * sent), so that nothing long-lived holds a value. This is all the upstream rooms see of the vault.
 */
@FunctionalInterface
public interface SecretResolver {

    /** A resolver for a gateway without a vault: every reference is missing. */
    SecretResolver NONE = name -> {
        throw SecretResolutionException.missing(name);
    };

    /** The secret, which the caller destroys (closes) as soon as it has used it. */
    Secret resolve(SecretName name) throws SecretResolutionException;
}
