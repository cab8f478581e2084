package dev.gatehouse.vault;

import java.util.Optional;

/** What {@code rotate-key} did: the key ids (not keys), the backend now in use, how many secrets moved. */
public record RotationResult(String oldKeyId, String newKeyId, String backend, int secrets, Optional<String> note) {
}
