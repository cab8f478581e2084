package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HomeLayoutTest {

    @TempDir
    Path temp;

    @Test
    void prefersExplicitHomeOverEnvironmentAndUserHome() {
        HomeLayout home = HomeLayout.resolve("/explicit", Map.of(HomeLayout.HOME_ENV, "/from-env")::get, "/users/me");

        assertThat(home.root()).isEqualTo(Path.of("/explicit"));
    }

    @Test
    void usesGatehouseHomeFromTheEnvironmentWhenNoHomeIsGiven() {
        HomeLayout home = HomeLayout.resolve(null, Map.of(HomeLayout.HOME_ENV, "/from-env")::get, "/users/me");

        assertThat(home.root()).isEqualTo(Path.of("/from-env"));
    }

    @Test
    void fallsBackToDotGatehouseInTheUsersHomeDirectory() {
        HomeLayout home = HomeLayout.resolve(" ", Map.of(HomeLayout.HOME_ENV, "")::get, "/users/me");

        assertThat(home.root()).isEqualTo(Path.of("/users/me/.gatehouse"));
    }

    @Test
    void resolvesARelativeHomeToAnAbsoluteNormalisedPath() {
        HomeLayout home = HomeLayout.resolve("some/../data", name -> null, "/users/me");

        assertThat(home.root()).isAbsolute().isEqualTo(Path.of("data").toAbsolutePath());
    }

    @Test
    void placesConfigTomlDirectlyInTheHome() {
        assertThat(HomeLayout.at(temp).configFile()).isEqualTo(temp.resolve("config.toml"));
    }

    @Test
    void refusesFileNamesThatWouldReachOutsideTheHome() {
        HomeLayout home = HomeLayout.at(temp);
        for (String name : new String[] {"", ".", "..", "../escape", "a/b", "/etc/passwd"}) {
            assertThatThrownBy(() -> home.file(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(home.file("vault.db")).isEqualTo(temp.resolve("vault.db"));
    }

    @Test
    void createsAMissingHomeAndItsParentsWithOwnerOnlyAccess() throws IOException {
        Path root = temp.resolve("parent/.gatehouse");

        HomeLayout.at(root).prepare();

        assertThat(mode(root)).isEqualTo("rwx------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwx------", "rwxr-xr-x", "rwx--x--x"})
    void leavesAnExistingHomeReadableByItsOwnerOnly(String existingMode) throws IOException {
        Path root = directoryWithMode(existingMode);

        HomeLayout.at(root).prepare();

        assertThat(mode(root)).isEqualTo("rwx------");
    }

    @Test
    void refusesGroupWritableHome() throws IOException {
        Path root = directoryWithMode("rwxrwx---");

        assertThatThrownBy(() -> HomeLayout.at(root).prepare())
                .isInstanceOf(UnsafeHomeException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining("group- or world-writable (rwxrwx---)")
                .hasMessageContaining("fix: chmod 700 " + root);
        assertThat(mode(root)).as("left for the user to inspect").isEqualTo("rwxrwx---");
    }

    @Test
    void refusesWorldWritableHome() throws IOException {
        Path root = directoryWithMode("rwxrwxrwx");

        assertThatThrownBy(() -> HomeLayout.at(root).prepare())
                .isInstanceOfSatisfying(UnsafeHomeException.class, e -> {
                    assertThat(e.home()).isEqualTo(root);
                    assertThat(e.fix()).isEqualTo("chmod 700 " + root);
                });
    }

    @Test
    void quotesTheFixWhenTheHomePathHasSpaces() throws IOException {
        Path root = directoryWithMode("my home", "rwxrwxrwx");

        assertThatThrownBy(() -> HomeLayout.at(root).prepare())
                .isInstanceOfSatisfying(UnsafeHomeException.class,
                        e -> assertThat(e.fix()).isEqualTo("chmod 700 '" + root + "'"));
    }

    @Test
    void refusesAHomeThatIsAFile() throws IOException {
        Path root = Files.writeString(temp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> HomeLayout.at(root).prepare())
                .isInstanceOf(UnsafeHomeException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void createsPrivateFilesWithOwnerOnlyAccess() throws IOException {
        HomeLayout home = HomeLayout.at(temp.resolve("home")).prepare();

        Path file = home.ensurePrivateFile("traffic.db");

        assertThat(file).exists().isEmptyFile();
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void tightensAnExistingFileWithoutTouchingItsContent() throws IOException {
        HomeLayout home = HomeLayout.at(temp.resolve("home")).prepare();
        Path file = Files.writeString(home.file("traffic.db"), "records");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        home.ensurePrivateFile("traffic.db");

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(file).hasContent("records");
    }

    private Path directoryWithMode(String mode) throws IOException {
        return directoryWithMode("home", mode);
    }

    private Path directoryWithMode(String name, String mode) throws IOException {
        Path root = Files.createDirectory(temp.resolve(name));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString(mode));
        return root;
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
