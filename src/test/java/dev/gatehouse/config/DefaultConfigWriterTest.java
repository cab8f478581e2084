package dev.gatehouse.config;

import static dev.gatehouse.config.HomeLayoutTest.mode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigWriterTest {

    @TempDir
    Path home;

    @Test
    void writesADefaultThatLoadsWithDefaultSettingsAndNoServers() throws Exception {
        Path config = home.resolve("config.toml");

        assertThat(DefaultConfigWriter.writeIfMissing(config)).isTrue();

        GatewayConfig loaded = ConfigLoader.load(config);
        assertThat(loaded.gateway()).isEqualTo(GatewaySettings.DEFAULTS);
        assertThat(loaded.servers()).isEmpty();
        assertThat(mode(config)).isEqualTo("rw-------");
    }

    @Test
    void leavesAnExistingConfigUntouched() throws IOException {
        Path config = Files.writeString(home.resolve("config.toml"), "[gateway]\nport = 1\n");

        assertThat(DefaultConfigWriter.writeIfMissing(config)).isFalse();

        assertThat(config).hasContent("[gateway]\nport = 1\n");
    }

    @Test
    void explainsEveryKeyTheLoaderAccepts() {
        String text = DefaultConfigWriter.defaultText();

        Stream.of(GatewayConfigReader.GATEWAY_KEYS, GatewayConfigReader.CAPTURE_KEYS, ServerConfigReader.KEYS,
                        LimitSettingsReader.KEYS, ProfileConfigReader.KEYS).flatMap(List::stream)
                .forEach(key -> assertThat(text).as(key).containsPattern("(?m)^(# )?" + key + " = "));
    }

    @Test
    void exampleServerLoadsOnceItsLinesAreUncommented() throws Exception {
        String text = DefaultConfigWriter.defaultText();
        int example = text.indexOf("# [servers.everything]");
        String uncommented = text.substring(0, example) + text.substring(example).lines()
                .map(line -> line.startsWith("# ") ? line.substring(2) : line)
                .collect(Collectors.joining("\n", "", "\n"));

        GatewayConfig loaded = ConfigLoader.parse("config.toml", uncommented);

        ServerConfig everything = loaded.server("everything").orElseThrow();
        assertThat(everything.command()).isEqualTo("node");
        assertThat(everything.args()).last().isEqualTo("stdio");
        assertThat(everything.env()).isEqualTo(Map.of("LOG_LEVEL", "info"));
        assertThat(everything.cwd()).isEqualTo(Path.of("/tmp"));
        assertThat(everything.timeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void exampleProfileLoadsOnceItsLinesAndTheExampleServersAreUncommented() throws Exception {
        String text = DefaultConfigWriter.defaultText();
        int profile = text.indexOf("# [profiles.coding]");
        int prose = text.indexOf("# Each [servers.NAME]");
        int servers = text.indexOf("# [servers.everything]");
        String uncommented = text.substring(0, profile) + uncomment(text.substring(profile, prose))
                + text.substring(prose, servers) + uncomment(text.substring(servers));

        GatewayConfig loaded = ConfigLoader.parse("config.toml", uncommented);

        assertThat(loaded.profile("coding")).get().satisfies(coding -> {
            assertThat(coding.servers()).containsExactly("everything", "remote-example");
            assertThat(coding.description()).isEqualTo("what my editor needs");
            assertThat(coding.endpoint()).isEqualTo("/p/coding/mcp");
        });
    }

    private static String uncomment(String lines) {
        return lines.lines().map(line -> line.startsWith("# ") ? line.substring(2) : line)
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
