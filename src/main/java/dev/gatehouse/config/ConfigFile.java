package dev.gatehouse.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an edited config.toml: the previous text is kept as {@code config.toml.bak}, then the new text replaces
 * the file atomically. An edit computed from text that is no longer on disk is refused, so a hand edit made
 * meanwhile is never overwritten.
 */
public final class ConfigFile {

    public static final String BACKUP_SUFFIX = ".bak";

    private ConfigFile() {
    }

    public static void replace(Path file, String editedFrom, String newText)
            throws IOException, ConfigEditException, ConfigException {
        String onDisk = ConfigLoader.readText(file);
        if (!onDisk.equals(editedFrom)) {
            throw new ConfigEditException(file.getFileName() + " changed while it was being edited; try again");
        }
        AtomicFile.writeString(file.resolveSibling(file.getFileName() + BACKUP_SUFFIX), onDisk);
        AtomicFile.writeString(file, newText);
    }
}
