package dev.gatehouse.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The data directory cannot be trusted, so the gateway refuses to start rather than read config or
 * secrets from it. The message names the directory and the command that fixes it.
 */
public final class UnsafeHomeException extends IOException {

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./+:@%-]+");

    private final Path home;
    private final String fix;

    UnsafeHomeException(Path home, String reason, String fix) {
        super("refusing to use " + home + ": " + reason + "; fix: " + fix);
        this.home = home;
        this.fix = fix;
    }

    /** A home that anyone but its owner can write to: they could plant a config or swap a vault file. */
    static UnsafeHomeException writableByOthers(Path home, String mode) {
        return new UnsafeHomeException(home, "it is group- or world-writable (" + mode + "), so another user"
                + " could plant or replace files in it", "chmod 700 " + shellQuoted(home));
    }

    static UnsafeHomeException notADirectory(Path home) {
        return new UnsafeHomeException(home, "it exists and is not a directory",
                "move it away or choose another home with --home or GATEHOUSE_HOME");
    }

    public Path home() {
        return home;
    }

    /** The command or step that makes the home usable, ready to paste. */
    public String fix() {
        return fix;
    }

    private static String shellQuoted(Path path) {
        String text = path.toString();
        return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
