package dev.gatehouse.config;

import static dev.gatehouse.config.HomeLayoutTest.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesANewFileReadableByItsOwnerOnly() throws IOException {
        Path target = dir.resolve("state.json");

        AtomicFile.writeString(target, "{\"v\":1}");

        assertThat(target).hasContent("{\"v\":1}");
        assertThat(mode(target)).isEqualTo("rw-------");
    }

    @Test
    void replacesAnExistingFileWhollyAndMakesItOwnerOnly() throws IOException {
        Path target = Files.writeString(dir.resolve("state.json"), "a much longer old content that must vanish");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFile.writeString(target, "new");

        assertThat(target).hasContent("new");
        assertThat(mode(target)).isEqualTo("rw-------");
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        AtomicFile.write(dir.resolve("a"), new byte[] {1, 2, 3});
        AtomicFile.write(dir.resolve("a"), new byte[] {4});

        assertThat(names()).containsExactly("a");
    }

    @Test
    void removesItsTemporaryFileWhenTheRenameFails() throws IOException {
        Path occupied = Files.createDirectory(dir.resolve("occupied"));
        Files.writeString(occupied.resolve("inside"), "x");

        assertThatThrownBy(() -> AtomicFile.writeString(occupied, "content")).isInstanceOf(IOException.class);

        assertThat(names()).containsExactly("occupied");
    }

    @Test
    void replacesASymbolicLinkRatherThanWritingThroughIt() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "untouched");
        Path link = Files.createSymbolicLink(dir.resolve("config.toml"), elsewhere);

        AtomicFile.writeString(link, "new");

        assertThat(elsewhere).hasContent("untouched");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(link).hasContent("new");
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
