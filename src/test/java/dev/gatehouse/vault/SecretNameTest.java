package dev.gatehouse.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "GITHUB_TOKEN", "openai.prod-key_2", "..", "-"})
    void acceptsLettersDigitsDotsUnderscoresAndDashes(String name) {
        assertThat(SecretName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/name", "dollar$", "ünïcode", "sk-live:abc"})
    void refusesOtherNamesSayingWhatIsAllowedWithoutEchoingThem(String name) {
        assertThatThrownBy(() -> SecretName.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A-Z, a-z, 0-9, '.', '_' and '-'")
                .satisfies(e -> {
                    if (!name.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(name);
                    }
                });
    }

    @org.junit.jupiter.api.Test
    void refusesNamesLongerThan256Characters() {
        assertThat(SecretName.problemWith("a".repeat(256))).isEmpty();
        assertThat(SecretName.problemWith("a".repeat(257))).get().asString().contains("too long");
    }
}
