package dev.gatehouse.admin.api;

/**
 * What {@code secret rotate-key} did: the ids of the old and new data keys (never the keys), the backend that now
 * protects the new one, how many secrets were re-encrypted, and a note when the preferred backend was passed over.
 */
public record KeyRotation(String oldKeyId, String newKeyId, String backend, int secrets, String note) {
}
