package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretScanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The redactor every outgoing text shares (the capture's {@link Redactor} over the vault's {@link SecretScanner},
 * the same pair that guards log lines and answers): whatever the secrets and whatever text surrounds them, as
 * free text and inside JSON, no secret value and no base64 form of it survives outside a redaction marker, and
 * the redactor never throws.
 */
class RedactorFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What the redactor writes in place of what it removed; a secret overlapping one is not a leak. */
    private static final Pattern MARKERS = Pattern.compile("\\[secret:s[0-9]]|\\[redacted(:[A-Za-z0-9_-]+)?]");
    /** Stands for a marker when looking for leaks, so that text on both sides of one never joins up. */
    private static final String SENTINEL = "\u0001";

    @FuzzTest(maxDuration = "60s")
    void noSecretOrItsBase64SurvivesInTextOrJson(FuzzedDataProvider data) {
        List<String> values = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        int count = data.consumeInt(1, 3);
        for (int i = 0; i < count; i++) {
            String value = data.consumeString(40);
            if (value.length() >= SecretScanner.MIN_VALUE_LENGTH && !value.contains(SENTINEL)) {
                values.add(value);
                secrets.add(Secret.copyOf(SecretName.of("s" + i), value.toCharArray()));
            }
        }
        SecretScanner scanner = SecretScanner.of(secrets);
        secrets.forEach(Secret::destroy);
        Redactor redactor = new Redactor(scanner::redact, JSON);

        StringBuilder text = new StringBuilder();
        int pieces = data.consumeInt(0, 8);
        for (int i = 0; i < pieces && !values.isEmpty(); i++) {
            String value = values.get(data.consumeInt(0, values.size() - 1));
            text.append(data.consumeString(30));
            text.append(data.consumeBoolean() ? value : base64(value));
        }
        text.append(data.consumeRemainingAsString());

        assertNoLeak(redactor.text(text.toString()), values);
        ObjectNode message = JSON.createObjectNode();
        message.put("text", text.toString());
        message.putObject("nested").putArray("list").add(text.toString()).add(text.length());
        message.put(text.toString(), "as a key");
        JsonNode redacted = JSON.readTree(redactor.json(message));
        List<String> strings = new ArrayList<>();
        collect(redacted, strings);
        for (String string : strings) {
            assertNoLeak(string, values);
        }
    }

    private static void assertNoLeak(String redacted, List<String> values) {
        String outsideMarkers = MARKERS.matcher(redacted).replaceAll(SENTINEL);
        for (String value : values) {
            assertThat(outsideMarkers).as("redacted text").doesNotContain(value);
            if (isAscii(value)) {
                assertThat(outsideMarkers).as("redacted text").doesNotContain(base64(value));
            }
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAscii(String value) {
        return value.chars().allMatch(c -> c < 0x80);
    }

    private static void collect(JsonNode node, List<String> strings) {
        if (node.isString()) {
            strings.add(node.stringValue());
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                strings.add(field.getKey());
                collect(field.getValue(), strings);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, strings));
        }
    }
}
