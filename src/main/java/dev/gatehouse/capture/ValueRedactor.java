package dev.gatehouse.capture;

/**
 * Replaces known secret values in a piece of text. The vault supplies the real one (its scanner turns every
 * stored value and its encoded forms into {@code [secret:NAME]}); until a vault is configured, nothing is known
 * and text passes unchanged. Called on the capture's writer thread only, never on the request path.
 */
@FunctionalInterface
public interface ValueRedactor {

    ValueRedactor NONE = text -> text;

    /** The text with every known secret value replaced; returns {@code text} itself when nothing matched. */
    String redact(String text);
}
