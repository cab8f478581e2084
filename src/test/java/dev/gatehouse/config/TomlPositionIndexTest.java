package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.gatehouse.config.TomlPositionIndex.Position;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TomlPositionIndexTest {

    @Test
    void locatesQuotedKeysByTheNameTheyDenote() {
        TomlPositionIndex index = TomlPositionIndex.of("[servers.\"a\\u0042c\"]\n'lit.eral' = 1\n");

        assertThat(index.key(List.of("servers", "aBc"))).contains(new Position(1, 10));
        assertThat(index.key(List.of("servers", "aBc", "lit.eral"))).contains(new Position(2, 1));
        assertThat(index.value(List.of("servers", "aBc", "lit.eral"))).contains(new Position(2, 14));
    }

    @Test
    void locatesElementsOfArraysOfTables() {
        TomlPositionIndex index = TomlPositionIndex.of("[[s]]\na = 1\n[[s]]\na = 2\n");

        assertThat(index.value(List.of("s", "[1]", "a"))).contains(new Position(4, 5));
        assertThat(index.firstRedefinition()).isEmpty();
    }

    @Test
    void countsColumnsInCodePointsNotUtf16Units() {
        TomlPositionIndex index = TomlPositionIndex.of("k = [\"\uD83D\uDE00\", 2]\n");

        assertThat(index.value(List.of("k", "[1]"))).contains(new Position(1, 11));
    }

    @Test
    void findsAKeyAssignedOverAnImplicitTable() {
        TomlPositionIndex index = TomlPositionIndex.of("a.b = 1\n  a = 2\n");

        assertThat(index.firstRedefinition()).hasValueSatisfying(twice -> {
            assertThat(twice.path()).containsExactly("a");
            assertThat(twice.at()).isEqualTo(new Position(2, 3));
            assertThat(twice.first()).isEqualTo(new Position(1, 1));
        });
    }

    @Test
    void allowsATableToBeDefinedAfterItsSubtables() {
        TomlPositionIndex index = TomlPositionIndex.of("[a.b]\nx = 1\n[a]\ny = 2\n");

        assertThat(index.firstRedefinition()).isEmpty();
    }

    @Test
    void survivesEveryPrefixOfEveryGoldenFile() throws IOException, URISyntaxException {
        Path golden = Path.of(getClass().getResource("/config").toURI());
        try (Stream<Path> files = Files.list(golden)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".toml")).toList()) {
                String text = Files.readString(file);
                for (int end = 0; end <= text.length(); end++) {
                    String prefix = text.substring(0, end);
                    assertThatCode(() -> TomlPositionIndex.of(prefix)).as("%s[0..%d]", file, end)
                            .doesNotThrowAnyException();
                }
            }
        }
    }
}
