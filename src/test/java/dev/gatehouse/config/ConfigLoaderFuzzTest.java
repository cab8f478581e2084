package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text given to the config loader loads or fails with a {@link ConfigException} whose every problem has a
 * position inside the text; nothing else may escape, and no problem echoes a string value from the file.
 */
class ConfigLoaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void loadsOrReportsLocatedProblems(byte[] input) {
        // Raw bytes, so that the committed seeds are plain TOML files; malformed UTF-8 becomes U+FFFD.
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            ConfigLoader.parse("config.toml", text);
        } catch (ConfigException e) {
            long lines = text.lines().count() + 1;
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem.line()).isBetween(1, (int) Math.max(1, lines));
                assertThat(problem.column()).isPositive();
            });
        }
    }
}
