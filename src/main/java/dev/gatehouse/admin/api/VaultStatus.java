package dev.gatehouse.admin.api;

import java.util.List;

/**
 * Which key backend protects the vault and why each other one does not. {@code keyBackend} is the backend in
 * use, null while the vault holds no secret; {@code wouldUse} then names the one the first secret will get.
 * {@code warning} is set while the key file (beside the vault) protects it; {@code error} when the vault could not
 * be read at all. {@code lines} is the report for people, without the warning.
 */
public record VaultStatus(String keyBackend, String wouldUse, List<Backend> backends, int secrets, String warning,
                          String error, List<String> lines) {

    /** One backend in order of preference: {@code in-use}, {@code available} or {@code unavailable}, and why. */
    public record Backend(String id, String description, String state, String detail) {
    }
}
