package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code src/test/resources/config/CASE.toml} is loaded as config.toml and compared with
 * {@code CASE.expected}: the problem lines for a bad file, {@link ConfigRendering} for a good one.
 * Run with {@code -Dgatehouse.updateGolden=true} to rewrite the expected files, then review the diff.
 */
class ConfigGoldenFileTest {

    private static final String UPDATE = "gatehouse.updateGolden";

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(goldenDirectory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".toml"))
                    .map(name -> name.substring(0, name.length() - ".toml".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadsExactlyAsItsGoldenFileSays(String name) throws Exception {
        String text = Files.readString(goldenDirectory().resolve(name + ".toml"));
        String actual;
        try {
            actual = ConfigRendering.render(ConfigLoader.parse("config.toml", text));
        } catch (ConfigException e) {
            actual = e.getMessage() + "\n";
        }
        if (Boolean.getBoolean(UPDATE)) {
            Path source = Path.of(System.getProperty("gatehouse.projectDir"), "src/test/resources/config");
            Files.writeString(source.resolve(name + ".expected"), actual);
            return;
        }
        Path expected = goldenDirectory().resolve(name + ".expected");
        assertThat(expected).as("golden file for %s (create it with -D%s=true)", name, UPDATE).exists();
        assertThat(actual).isEqualTo(Files.readString(expected));
    }

    private static Path goldenDirectory() throws URISyntaxException {
        return Path.of(ConfigGoldenFileTest.class.getResource("/config").toURI());
    }
}
