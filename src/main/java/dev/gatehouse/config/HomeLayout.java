package dev.gatehouse.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The gateway's data directory ("home") and the files in it. The directory is 0700 and every file the
 * gateway creates in it is 0600 (DESIGN.md invariant 8), because it holds the vault, the traffic record and
 * the management socket.
 */
public final class HomeLayout {

    public static final String HOME_ENV = "GATEHOUSE_HOME";
    public static final String DEFAULT_DIRECTORY = ".gatehouse";
    public static final String CONFIG_FILE = "config.toml";

    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path root;

    private HomeLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static HomeLayout at(Path root) {
        return new HomeLayout(root);
    }

    /** {@code --home} if given, else {@code $GATEHOUSE_HOME}, else {@code ~/.gatehouse}. */
    public static HomeLayout resolve(String explicitHome) {
        return resolve(explicitHome, System::getenv, System.getProperty("user.home"));
    }

    /** As {@link #resolve(String)}, with the environment and the user's home directory given. */
    public static HomeLayout resolve(String explicitHome, UnaryOperator<String> environment, String userHome) {
        if (isSet(explicitHome)) {
            return at(Path.of(explicitHome));
        }
        String fromEnvironment = environment.apply(HOME_ENV);
        if (isSet(fromEnvironment)) {
            return at(Path.of(fromEnvironment));
        }
        if (!isSet(userHome)) {
            throw new IllegalStateException("no home directory known: pass --home or set " + HOME_ENV);
        }
        return at(Path.of(userHome, DEFAULT_DIRECTORY));
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return file(CONFIG_FILE);
    }

    /** A file directly inside the home; names that would reach elsewhere are refused. */
    public Path file(String name) {
        Path relative = Path.of(name);
        if (name.isEmpty() || relative.getNameCount() != 1 || relative.isAbsolute()
                || name.equals(".") || name.equals("..") || !relative.toString().equals(name)) {
            throw new IllegalArgumentException("not a plain file name inside the home: '" + name + "'");
        }
        return root.resolve(name);
    }

    /**
     * Makes sure the home exists and is private: creates it 0700 if missing, refuses it if others can write
     * to it, and takes away read access from others if they have it. Refused rather than repaired when
     * writable, because someone may already have planted files in it; silently fixing the mode would hide that.
     */
    public HomeLayout prepare() throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root.getParent());
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_RWX));
                // The creation mode passes through the umask; set it outright.
                Files.setPosixFilePermissions(root, OWNER_RWX);
            } catch (FileAlreadyExistsException racedWithAnotherStart) {
                // Created meanwhile by another process: judged below like any existing home.
            }
        }
        if (!Files.isDirectory(root)) {
            throw UnsafeHomeException.notADirectory(root);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(root);
        if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
            throw UnsafeHomeException.writableByOthers(root, PosixFilePermissions.toString(mode));
        }
        if (!OWNER_RWX.containsAll(mode)) {
            Files.setPosixFilePermissions(root, OWNER_RWX);
        }
        return this;
    }

    /**
     * A file in the home that exists and is 0600, for files another library opens by path (a database,
     * a socket's lock): it is created empty if missing and tightened if someone loosened its mode.
     */
    public Path ensurePrivateFile(String name) throws IOException {
        Path file = file(name);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(AtomicFile.OWNER_ONLY));
        } catch (FileAlreadyExistsException existing) {
            // Kept as it is; only its mode is corrected below.
        }
        if (!AtomicFile.OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            Files.setPosixFilePermissions(file, AtomicFile.OWNER_ONLY);
        }
        return file;
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
