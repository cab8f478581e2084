package dev.gatehouse.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SecretTest {

    private static final String VALUE = "sk-sentinel-4f9a2c";

    private static Secret secret() {
        return Secret.copyOf(SecretName.of("openai"), VALUE.toCharArray());
    }

    @Test
    void toStringNamesTheSecretAndHidesItsValue() {
        assertThat(secret().toString()).isEqualTo("Secret[openai, redacted]");
        assertThat(String.valueOf(List.of(secret()))).doesNotContain(VALUE);
    }

    @Test
    void twoSecretsWithTheSameNameAndValueAreNotEqual() {
        Secret one = secret();
        assertThat(one).isEqualTo(one).isNotEqualTo(secret());
    }

    @Test
    void javaSerialisationIsRefusedWithoutTheValueInTheMessage() {
        record Holder(Secret secret) implements Serializable {
        }
        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(new Holder(secret())))
                .isInstanceOf(NotSerializableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
    }

    @Test
    void jsonSerialisationNeverShowsTheValue() {
        String json;
        try {
            json = JsonMapper.builder().build().writeValueAsString(secret());
        } catch (RuntimeException refused) {
            json = String.valueOf(refused.getMessage());
        }
        assertThat(json).doesNotContain(VALUE);
    }

    @Test
    void destroyZeroesTheValueAndLaterUseFailsWithoutRevealingIt() {
        char[] given = VALUE.toCharArray();
        Secret secret = Secret.copyOf(SecretName.of("openai"), given);
        char[] copy = secret.chars();
        assertThat(new String(copy)).isEqualTo(VALUE);
        secret.destroy();
        assertThat(secret.isDestroyed()).isTrue();
        assertThatThrownBy(secret::chars).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret openai was destroyed");
        assertThat(new String(given)).as("the caller's array is its own").isEqualTo(VALUE);
    }

    @Test
    void utf8EncodesNonAsciiValues() {
        Secret secret = Secret.copyOf(SecretName.of("x"), "pässwörd".toCharArray());
        assertThat(new String(secret.utf8(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("pässwörd");
    }
}
