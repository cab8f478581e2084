package dev.gatehouse.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRefTest {

    private static final SecretResolver RESOLVER = name -> {
        Map<String, String> values = Map.of("gh", "ghp_VALUE", "other", "o-VALUE");
        if (!values.containsKey(name.value())) {
            throw SecretResolutionException.missing(name);
        }
        return Secret.copyOf(name, values.get(name.value()).toCharArray());
    };

    @Test
    void findsEveryReferenceWithItsPosition() throws Exception {
        assertThat(SecretRef.findIn("Bearer ${secret:gh} and ${secret:other}")).containsExactly(
                new SecretRef(SecretName.of("gh"), 7, 19), new SecretRef(SecretName.of("other"), 24, 39));
        assertThat(SecretRef.findIn("${env:HOME} $HOME ${secretx}")).isEmpty();
    }

    @Test
    void substitutesValuesAmidLiteralText() throws Exception {
        assertThat(SecretRef.substitute("Bearer ${secret:gh}; ${secret:other}!", RESOLVER))
                .isEqualTo("Bearer ghp_VALUE; o-VALUE!");
        assertThat(SecretRef.substitute("no references", RESOLVER)).isEqualTo("no references");
    }

    @Test
    void aMissingSecretIsNamedInTheFailure() {
        assertThatThrownBy(() -> SecretRef.substitute("${secret:absent}", RESOLVER))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("secret 'absent' is not in the vault");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${secret:}", "x ${secret:open", "${secret:has space}", "${secret:sk-live:abc}"})
    void malformedReferencesAreRefusedWithTheirPositionAndWithoutTheirText(String text) {
        assertThatThrownBy(() -> SecretRef.findIn(text)).isInstanceOf(SecretRef.MalformedReference.class)
                .hasMessageStartingWith("malformed secret reference at character")
                .hasMessageContaining("write ${secret:NAME}")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-live", "open", "has space"));
    }
}
