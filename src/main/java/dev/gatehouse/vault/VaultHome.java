package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The directory the vault's files live in, and how to create a private (0600) file there. The composition root
 * passes the home layout's own method, so the vault keeps to the JDK and the home's rules stay in one place.
 */
public record VaultHome(Path directory, PrivateFiles files) {

    public static final String DATABASE = "vault.db";

    /** Creates {@code name} in the home if missing and makes it 0600; returns its path. */
    @FunctionalInterface
    public interface PrivateFiles {
        Path ensure(String name) throws IOException;
    }

    public Path locate(String name) {
        return directory.resolve(name);
    }

    Path createPrivate(String name) throws IOException {
        return files.ensure(name);
    }
}
