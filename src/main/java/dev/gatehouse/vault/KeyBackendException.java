package dev.gatehouse.vault;

/** A key backend failed; the message says which and why, never a key. */
public final class KeyBackendException extends Exception {

    public KeyBackendException(String message) {
        super(message, null, false, false);
    }
}
