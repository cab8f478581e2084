package dev.gatehouse.protocol;

/**
 * Bounds every parse of untrusted JSON. A document past any of them is refused with a clear error instead of
 * consuming memory or stack.
 */
public record JsonLimits(int maxDepth, int maxStringLength, long maxDocumentBytes) {

    /** Which limit a refused document broke, so the caller can count it. */
    public enum Breach { DEPTH, STRING_LENGTH, DOCUMENT_SIZE }

    public static final JsonLimits DEFAULT = new JsonLimits(64, 4 * 1024 * 1024, 16L * 1024 * 1024);

    public JsonLimits {
        if (maxDepth < 4 || maxStringLength < 1 || maxDocumentBytes < 1) {
            throw new IllegalArgumentException("JSON limits must be positive (depth at least 4)");
        }
    }
}
