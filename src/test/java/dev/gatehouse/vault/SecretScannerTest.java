package dev.gatehouse.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretScannerTest {

    private static final String VALUE = "sk-ant-Sentinel/+=&? 42";

    private static SecretScanner scanner(String... nameValuePairs) {
        List<Secret> secrets = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            secrets.add(Secret.copyOf(SecretName.of(nameValuePairs[i]), nameValuePairs[i + 1].toCharArray()));
        }
        return SecretScanner.of(secrets);
    }

    @Test
    void replacesTheValueWithItsName() {
        assertThat(scanner("anthropic", VALUE).redact("key=" + VALUE + "; again " + VALUE))
                .isEqualTo("key=[secret:anthropic]; again [secret:anthropic]");
    }

    @Test
    void aTextWithoutSecretsIsReturnedAsTheSameInstance() {
        String text = "nothing to see here";
        assertThat(scanner("anthropic", VALUE).redact(text)).isSameAs(text);
        assertThat(SecretScanner.EMPTY.redact(text)).isSameAs(text);
        assertThat(SecretScanner.EMPTY.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"std", "std-nopad", "url", "url-nopad", "form", "rfc3986", "json"})
    void findsEveryEncodedFormOfTheValue(String form) {
        byte[] bytes = VALUE.getBytes(StandardCharsets.UTF_8);
        String encoded = switch (form) {
            case "std" -> Base64.getEncoder().encodeToString(bytes);
            case "std-nopad" -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
            case "url" -> Base64.getUrlEncoder().encodeToString(bytes);
            case "url-nopad" -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            case "form" -> URLEncoder.encode(VALUE, StandardCharsets.UTF_8);
            case "rfc3986" -> URLEncoder.encode(VALUE, StandardCharsets.UTF_8).replace("+", "%20");
            default -> "{\"k\":\"" + VALUE.replace("\"", "\\\"") + "\"}";
        };
        String redacted = scanner("anthropic", VALUE).redact("before " + encoded + " after");
        assertThat(redacted).contains("[secret:anthropic]").doesNotContain(encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"u:", "us:", "use:"})
    void findsTheValueInsideALongerBase64TextAtAnyAlignment(String prefix) {
        String header = Base64.getEncoder().encodeToString((prefix + VALUE).getBytes(StandardCharsets.UTF_8));
        assertThat(scanner("anthropic", VALUE).redact("Authorization: Basic " + header))
                .contains("[secret:anthropic]");
    }

    @Test
    void overlappingAndNestedMatchesBecomeOneMarkerNamedByTheLongest() {
        SecretScanner scanner = scanner("short", "abcdef", "long", "xxabcdefyy", "tail", "efyyzz");
        assertThat(scanner.redact("1 xxabcdefyyzz 2 abcdef 3"))
                .isEqualTo("1 [secret:long] 2 [secret:short] 3");
    }

    @Test
    void valuesShorterThanFourCharactersAreNotScanned() {
        SecretScanner scanner = scanner("pin", "123");
        assertThat(scanner.isEmpty()).isTrue();
        assertThat(scanner.redact("123")).isEqualTo("123");
    }

    @Test
    void nonAsciiValuesAreFoundInEveryForm() {
        String value = "pässwörd-ключ";
        SecretScanner scanner = scanner("p", value);
        assertThat(scanner.redact(value)).isEqualTo("[secret:p]");
        assertThat(scanner.redact(URLEncoder.encode(value, StandardCharsets.UTF_8))).isEqualTo("[secret:p]");
        assertThat(scanner.redact(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("[secret:p]");
    }

    @Test
    @Timeout(30)
    void scanningStaysLinearWithTenThousandSecrets() {
        List<Secret> secrets = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            secrets.add(Secret.copyOf(SecretName.of("k" + i), ("key-" + i + "-ZqW8pL").toCharArray()));
        }
        SecretScanner many = SecretScanner.of(secrets);
        StringBuilder text = new StringBuilder();
        while (text.length() < 2_000_000) {
            text.append("lorem ipsum key-12-ZqW8 dolor sit amet ");
        }
        text.append("key-9999-ZqW8pL");
        String input = text.toString();
        many.redact(input);
        long start = System.nanoTime();
        String out = many.redact(input);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(out).endsWith("[secret:k9999]");
        // One naive indexOf per pattern would be ~100,000 passes over 2 MB; linear is milliseconds.
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @Timeout(30)
    void patternsThatAreSuffixesOfEachOtherDoNotMakeAScanQuadratic() {
        List<Secret> secrets = new ArrayList<>();
        for (int length = 4; length < 2_000; length++) {
            secrets.add(Secret.copyOf(SecretName.of("a" + length), "a".repeat(length).toCharArray()));
        }
        SecretScanner scanner = SecretScanner.of(secrets);
        String text = "a".repeat(1_000_000);
        long start = System.nanoTime();
        String out = scanner.redact(text);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(out).doesNotContain("aaaa");
    }
}
