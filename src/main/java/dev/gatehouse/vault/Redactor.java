package dev.gatehouse.vault;

/**
 * The gateway's one redactor: the scanner for the vault's current values, swapped whole when the vault changes.
 * Answers to clients, log lines and (later) captured traffic all go through the same instance, so a value added
 * to the vault is hidden everywhere at once. Reading is a volatile load; with an empty vault a redaction is a
 * null check.
 */
public final class Redactor {

    private volatile SecretScanner scanner = SecretScanner.EMPTY;

    public SecretScanner scanner() {
        return scanner;
    }

    public void update(SecretScanner next) {
        scanner = next;
    }

    public boolean isEmpty() {
        return scanner.isEmpty();
    }

    public String redact(String text) {
        return scanner.redact(text);
    }
}
