package dev.gatehouse.vault;

import java.time.Instant;
import java.util.List;

/** What {@code secret list} shows of a secret: never its value. */
public record SecretInfo(SecretName name, Instant created, Instant updated, List<String> referencedBy) {

    public SecretInfo {
        referencedBy = List.copyOf(referencedBy);
    }
}
