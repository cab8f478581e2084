package dev.gatehouse.vault;

import java.util.Optional;

/**
 * Where the key-encryption key (KEK) that wraps the vault's data key lives: the OS keychain, an environment
 * variable, or a file. Every call is bounded in time; a backend that cannot answer says so instead of hanging.
 * {@code vaultId} tells apart the vaults of several homes sharing one keychain.
 */
public interface KeyBackend {

    /** Whether the backend can be used now, and why not. */
    record Probe(boolean available, String detail) {
    }

    /** Stable id stored beside the wrapped data key: {@code secret-service}, {@code env}, {@code file}, … */
    String id();

    /** What a person calls it, for status and doctor. */
    String description();

    Probe probe();

    /** The KEK stored for this vault, or empty when there is none. */
    Optional<byte[]> load(String vaultId) throws KeyBackendException;

    /** Stores a fresh KEK for this vault (or, for a user-supplied key, returns it). */
    byte[] create(String vaultId) throws KeyBackendException;

    /** Removes this vault's KEK, once nothing is wrapped by it any more. */
    void delete(String vaultId) throws KeyBackendException;

    /** True when the key sits beside the data it protects, which status and doctor warn about loudly. */
    default boolean besideTheVault() {
        return false;
    }
}
