package dev.gatehouse.admin.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * Where the management socket of a home lives, computed the same way by the gateway and the CLI:
 * {@code $XDG_RUNTIME_DIR/gatehouse/api-HASH.sock} when that variable names an absolute directory, else
 * {@code HOME/run/api-HASH.sock}. HASH is a short digest of the home's absolute path, so a development and an
 * installed gateway never share a socket, and the path stays within the kernel's limit whatever the home.
 */
public final class SocketLocation {

    public static final String HOME_ENV = "GATEHOUSE_HOME";
    public static final String DEFAULT_HOME = ".gatehouse";
    public static final String RUNTIME_ENV = "XDG_RUNTIME_DIR";
    /** sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;
    private static final int HASH_HEX_CHARS = 12;

    private SocketLocation() {
    }

    /** {@code --home} if given, else {@code $GATEHOUSE_HOME}, else {@code ~/.gatehouse}; absolute and normalized. */
    public static Path home(String explicit, UnaryOperator<String> environment, String userHome) {
        String chosen = isSet(explicit) ? explicit : environment.apply(HOME_ENV);
        if (isSet(chosen)) {
            return Path.of(chosen).toAbsolutePath().normalize();
        }
        if (!isSet(userHome)) {
            throw new IllegalStateException("no home directory known: pass --home or set " + HOME_ENV);
        }
        return Path.of(userHome, DEFAULT_HOME).toAbsolutePath().normalize();
    }

    /** The socket of {@code home}; fails with a message naming the path when it would exceed the limit. */
    public static Path socket(Path home, UnaryOperator<String> environment) {
        Path absolute = home.toAbsolutePath().normalize();
        String runtime = environment.apply(RUNTIME_ENV);
        Path directory = isSet(runtime) && Path.of(runtime).isAbsolute()
                ? Path.of(runtime, "gatehouse") : absolute.resolve("run");
        Path socket = directory.resolve("api-" + hash(absolute) + ".sock");
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IllegalStateException("the management socket path " + socket + " is " + bytes
                    + " bytes, more than the " + MAX_PATH_BYTES + " a Unix socket allows; set " + RUNTIME_ENV
                    + " to a shorter directory or use a shorter home");
        }
        return socket;
    }

    static String hash(Path absoluteHome) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(absoluteHome.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
