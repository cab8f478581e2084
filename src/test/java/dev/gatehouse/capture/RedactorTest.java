package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RedactorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Redactor redactor = new Redactor(ValueRedactor.NONE, JSON);

    private String headers(String name, String value) {
        return redactor.headers(List.of(Map.entry(name, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Api-Key",
        "X-Access-Token", "X-Client-Secret", "X-Db-Password", "X-Signing-Key", "X-Auth", "Mcp-Session-Id"})
    void redactsTheValueOfASensitiveHeaderButKeepsItsName(String name) {
        String text = headers(name, "hunter2-value");
        assertThat(text).isEqualTo("{\"" + name + "\":[\"[redacted]\"]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "Accept", "User-Agent", "X-Author", "X-Keyboard-Layout"})
    void keepsOrdinaryHeaders(String name) {
        assertThat(headers(name, "plain")).isEqualTo("{\"" + name + "\":[\"plain\"]}");
    }

    @Test
    void keepsEveryValueOfARepeatedHeaderInOrder() {
        assertThat(redactor.headers(List.of(Map.entry("Accept", "a"), Map.entry("Accept", "b"))))
                .isEqualTo("{\"Accept\":[\"a\",\"b\"]}");
    }

    @Test
    void writesHeadersAsTheJsonAGeneratorWouldWriteWithEveryAwkwardCharacterEscaped() {
        String awkward = "quote \" backslash \\ newline \n tab \t return \r bell \u0007 nul \u0000 del \u007f é 😀";
        List<Map.Entry<String, String>> headers = List.of(Map.entry("X-Odd\"Name", awkward),
                Map.entry("Accept", "text/plain"), Map.entry("X-Odd\"Name", "second"), Map.entry("X-Empty", ""));
        Map<String, List<String>> grouped = new java.util.LinkedHashMap<>();
        grouped.put("X-Odd\"Name", List.of(awkward, "second"));
        grouped.put("Accept", List.of("text/plain"));
        grouped.put("X-Empty", List.of(""));

        String text = redactor.headers(headers);

        assertThat(text).isEqualTo(JSON.writeValueAsString(grouped));
        assertThat(JSON.readTree(text).path("X-Odd\"Name").get(0).asString()).isEqualTo(awkward);
        assertThat(redactor.headers(List.of())).isEqualTo("{}");
    }

    @Test
    void forgetsNothingOfOneHeaderListInTheNextWhenItsBuilderIsReused() {
        String large = "v".repeat(10_000);
        assertThat(redactor.headers(List.of(Map.entry("X-Large", large)))).hasSize(10_000 + 16);
        assertThat(redactor.headers(List.of(Map.entry("Accept", "a")))).isEqualTo("{\"Accept\":[\"a\"]}");
    }

    @Test
    void redactsSensitiveJsonKeysAtAnyDepthWhateverTheirValue() {
        JsonNode tree = JSON.readTree("""
                {"params":{"arguments":{"api_key":"k1","nested":[{"clientSecret":{"a":1}},{"password":42}],
                "accessToken":"t","authorization":"b","x-auth":"c","sessionId":"d","author":"Ada",
                "monkey":"ok","keyboard":"ok","_meta":{"progressToken":5}}}}""");
        JsonNode redacted = JSON.readTree(redactor.json(tree));
        JsonNode arguments = redacted.path("params").path("arguments");
        assertThat(arguments.path("api_key").asString()).isEqualTo("[redacted]");
        assertThat(arguments.path("nested").get(0).path("clientSecret").asString()).isEqualTo("[redacted]");
        assertThat(arguments.path("nested").get(1).path("password").asString()).isEqualTo("[redacted]");
        for (String key : List.of("accessToken", "authorization", "x-auth", "sessionId")) {
            assertThat(arguments.path(key).asString()).as(key).isEqualTo("[redacted]");
        }
        assertThat(arguments.path("author").asString()).isEqualTo("Ada");
        assertThat(arguments.path("monkey").asString()).isEqualTo("ok");
        assertThat(arguments.path("keyboard").asString()).isEqualTo("ok");
        assertThat(arguments.path("_meta").path("progressToken").asInt()).isEqualTo(5);
    }

    @Test
    void keepsNumbersBooleansAndNullsAsTheyWere() {
        JsonNode tree = JSON.readTree("{\"a\":1.5,\"b\":true,\"c\":null,\"d\":[1,\"x\"],\"e\":12345678901234567890}");
        assertThat(JSON.readTree(redactor.json(tree))).isEqualTo(tree);
    }

    private String shape(String text) {
        return redactor.text("before " + text + " after");
    }

    @Test
    void redactsGithubTokens() {
        assertThat(shape("ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8")).isEqualTo("before [redacted:github-token] after");
        assertThat(shape("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"))
                .isEqualTo("before [redacted:github-token] after");
    }

    @Test
    void redactsAwsAccessKeyIds() {
        assertThat(shape("AKIAIOSFODNN7EXAMPLE")).isEqualTo("before [redacted:aws-access-key] after");
        assertThat(shape("ASIAY34FZKBOKMUTVV7A")).isEqualTo("before [redacted:aws-access-key] after");
        assertThat(shape("AKIAIOSFODNN7EXAMPLEXX")).contains("AKIA");
    }

    @Test
    void redactsSlackTokensAndWebhooks() {
        assertThat(shape("xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"))
                .isEqualTo("before [redacted:slack-token] after");
        assertThat(shape("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"))
                .isEqualTo("before [redacted:slack-token] after");
    }

    @Test
    void redactsStripeSecretKeys() {
        assertThat(shape("sk_live_" + "51H8abcdefghijklmnopqrstuv")).isEqualTo("before [redacted:stripe-key] after");
        assertThat(shape("rk_test_" + "51H8abcdefghijklmnopqrstuv")).isEqualTo("before [redacted:stripe-key] after");
        assertThat(shape("whsec_" + "abcdefghijklmnopqrstuvwxyz012345")).isEqualTo("before [redacted:stripe-key] after");
    }

    @Test
    void redactsOpenAiAndAnthropicStyleKeys() {
        assertThat(shape("sk-proj-" + "abcdefghijklmnopqrstuvwxyz0123456789_-ABCD")).isEqualTo("before [redacted:api-key] after");
        assertThat(shape("sk-ant-api03-" + "abcdefghijklmnopqrstuvwxyz0123456789-AAAA")).isEqualTo("before [redacted:api-key] after");
        assertThat(shape("task-list-of-things")).isEqualTo("before task-list-of-things after");
    }

    @Test
    void redactsJsonWebTokens() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assertThat(shape(jwt)).isEqualTo("before [redacted:jwt] after");
    }

    @Test
    void redactsPemPrivateKeyBlocksWholeEvenWhenCutShort() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc=\n-----END RSA PRIVATE KEY-----";
        assertThat(shape(pem)).isEqualTo("before [redacted:pem-private-key] after");
        assertThat(redactor.text("key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"))
                .isEqualTo("key: [redacted:pem-private-key]");
        assertThat(shape("-----BEGIN CERTIFICATE-----")).contains("CERTIFICATE");
    }

    @Test
    void redactsBearerCredentialsInFreeText() {
        assertThat(redactor.text("upstream said: Authorization: Bearer abcdef123456 was refused"))
                .isEqualTo("upstream said: Authorization: Bearer [redacted:bearer-token] was refused");
    }

    @Test
    void redactsCredentialShapesInsideJsonStringsAndHeaderValues() {
        JsonNode tree = JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"use AKIAIOSFODNN7EXAMPLE\"}]}");
        assertThat(redactor.json(tree)).isEqualTo(
                "{\"content\":[{\"type\":\"text\",\"text\":\"use [redacted:aws-access-key]\"}]}");
        assertThat(headers("X-Debug", "AKIAIOSFODNN7EXAMPLE")).isEqualTo("{\"X-Debug\":[\"[redacted:aws-access-key]\"]}");
    }

    @Test
    void letsTheVaultReplaceKnownValuesBeforeShapesAreLookedFor() {
        ValueRedactor vault = text -> text.replace("s3cr3t-v4lue", "[secret:DB_PASSWORD]");
        Redactor withVault = new Redactor(vault, JSON);
        JsonNode tree = JSON.readTree("{\"query\":\"connect with s3cr3t-v4lue please\"}");
        assertThat(withVault.json(tree)).isEqualTo("{\"query\":\"connect with [secret:DB_PASSWORD] please\"}");
        assertThat(withVault.headers(List.of(Map.entry("X-Note", "s3cr3t-v4lue"))))
                .isEqualTo("{\"X-Note\":[\"[secret:DB_PASSWORD]\"]}");
        assertThat(withVault.text("error: s3cr3t-v4lue rejected")).isEqualTo("error: [secret:DB_PASSWORD] rejected");
    }
}
