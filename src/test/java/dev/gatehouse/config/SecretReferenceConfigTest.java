package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.vault.SecretName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where config may reference vault secrets, and the line:column of every misplaced reference. */
class SecretReferenceConfigTest {

    private static final String ALLOWED = "secret references are allowed only in env values, header values and the"
            + " values of a url's query";

    private static List<String> problems(String text) {
        try {
            ConfigLoader.parse("config.toml", text);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("the config loaded");
    }

    @Test
    void referencesInEnvValuesLoadAndAreAttributedToTheirServers() throws ConfigException {
        GatewayConfig config = ConfigLoader.parse("config.toml", """
                [servers.github]
                command = "gh-mcp"
                env = { GITHUB_TOKEN = "${secret:gh}", AUTH = "Bearer ${secret:gh} ${secret:other}" }
                [servers.other]
                command = "x"
                env = { KEY = "${secret:other}" }
                """);
        assertThat(config.server("github").orElseThrow().env().get("GITHUB_TOKEN")).isEqualTo("${secret:gh}");
        assertThat(SecretUsage.of(config)).isEqualTo(Map.of(
                SecretName.of("gh"), List.of("github"), SecretName.of("other"), List.of("github", "other")));
    }

    @Test
    void aReferenceInArgsIsRefusedAtItsPositionWithAdviceToUseEnv() {
        assertThat(problems("""
                [servers.github]
                command = "gh-mcp"
                args = ["--verbose", "--token=${secret:gh}"]
                """)).containsExactly("config.toml:3:22: 'args[1]' must not reference a secret: every local user can"
                + " read a process's arguments. Put the reference in env (env.MY_TOKEN = \"${secret:NAME}\") and have"
                + " the server read that variable");
    }

    @Test
    void aMalformedReferenceInEnvIsRefusedWithoutEchoingTheValue() {
        assertThat(problems("""
                [servers.github]
                command = "gh-mcp"
                env.TOKEN = "ghp_live_${secret:bad name}"
                """)).singleElement().asString()
                .startsWith("config.toml:3:13: env.TOKEN: malformed secret reference at character 10:")
                .doesNotContain("ghp_live");
    }

    @Test
    void referencesInCommandAndCwdAreRefused() {
        assertThat(problems("""
                [servers.a]
                command = "${secret:cmd}"
                cwd = "/tmp/${secret:dir}"
                """)).containsExactly(
                "config.toml:2:11: 'command' must not reference a secret: " + ALLOWED,
                "config.toml:3:7: 'cwd' must not reference a secret: " + ALLOWED);
    }

    @Test
    void aReferenceToAnUnknownSecretStillLoadsBecauseTheVaultIsConsultedOnlyAtSpawn() {
        assertThatThrownBy(() -> ConfigLoader.parse("config.toml", "[servers.a]\ncommand = \"a\"\n"
                + "env.K = \"${secret:not-yet-set}\"\n[servers.b]\ncommand = \"b\"\nargs = [\"${secret:x}\"]\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
    }

    @Test
    void referencesInHeaderValuesAndUrlQueryValuesLoadUnresolvedAndAreAttributedToTheirServers()
            throws ConfigException {
        GatewayConfig config = ConfigLoader.parse("config.toml", """
                [servers.api]
                url = "https://mcp.example.com/mcp?region=eu&key=${secret:api-key}&sig=v1.${secret:sig}"
                headers = { Authorization = "Bearer ${secret:token}", X-Plain = "1" }
                [servers.other]
                url = "https://other.example.com/mcp"
                headers = { X-Key = "${secret:token}" }
                """);
        ServerConfig.Remote api = config.server("api").orElseThrow().remote();
        assertThat(api.headers()).containsEntry("Authorization", "Bearer ${secret:token}");
        assertThat(api.url()).hasToString("https://mcp.example.com/mcp?region=eu&key=$%7Bsecret:api-key%7D"
                + "&sig=v1.$%7Bsecret:sig%7D");
        assertThat(SecretUsage.of(config)).isEqualTo(Map.of(SecretName.of("api-key"), List.of("api"),
                SecretName.of("sig"), List.of("api"), SecretName.of("token"), List.of("api", "other")));
    }

    @Test
    void aUrlWrittenBackWithItsReferencesEncodedReadsAsTheSameReferences() throws ConfigException {
        GatewayConfig config = ConfigLoader.parse("config.toml", """
                [servers.api]
                url = "https://mcp.example.com/mcp?key=$%7Bsecret:api-key%7D"
                """);
        assertThat(config.server("api").orElseThrow().remote().url())
                .hasToString("https://mcp.example.com/mcp?key=$%7Bsecret:api-key%7D");
        assertThat(SecretUsage.of(config)).isEqualTo(Map.of(SecretName.of("api-key"), List.of("api")));
        assertThat(problems("""
                [servers.api]
                url = "https://$%7bsecret:host%7d/mcp"
                """)).singleElement().asString().endsWith("the reference at character 9 is in the host");
    }

    @Test
    void aReferenceAnywhereInAUrlButAQueryValueIsRefusedAtItsPosition() {
        String advice = "'url' may reference a secret only in a query value (https://host/path?key=${secret:NAME});"
                + " the reference at character ";
        assertThat(problems("""
                [servers.scheme]
                url = "${secret:s}://mcp.example.com/mcp"
                [servers.host]
                url = "https://${secret:h}.example.com/mcp"
                [servers.port]
                url = "https://mcp.example.com:${secret:p}/mcp"
                [servers.path]
                url = "https://mcp.example.com/mcp/${secret:p}"
                [servers.userinfo]
                url = "https://${secret:u}@mcp.example.com/mcp"
                [servers.fragment]
                url = "https://mcp.example.com/mcp?a=b#${secret:f}"
                [servers.name]
                url = "https://mcp.example.com/mcp?a=b&${secret:n}=1"
                [servers.v6port]
                url = "https://[::1]:${secret:p}/mcp"
                """)).containsExactly(
                "config.toml:2:7: " + advice + "1 is in the scheme",
                "config.toml:4:7: " + advice + "9 is in the host",
                "config.toml:6:7: " + advice + "25 is in the port",
                "config.toml:8:7: " + advice + "29 is in the path",
                "config.toml:10:7: " + advice + "9 is in the user info",
                "config.toml:12:7: " + advice + "33 is in the #fragment",
                "config.toml:14:7: " + advice + "33 is in a query parameter's name",
                "config.toml:16:7: " + advice + "15 is in the port");
    }

    @Test
    void malformedReferencesInHeadersAndUrlsAreRefusedWithoutEchoingTheValue() {
        assertThat(problems("""
                [servers.api]
                url = "https://mcp.example.com/mcp?key=sk_live_${secret:bad name}"
                headers = { Authorization = "Bearer sk_live_${secret:}" }
                """)).satisfiesExactly(
                url -> assertThat(url).startsWith("config.toml:2:7: 'url': malformed secret reference at character 41:")
                        .doesNotContain("sk_live"),
                header -> assertThat(header).startsWith("config.toml:3:29: headers.Authorization: malformed secret"
                        + " reference at character 16: the name is empty").doesNotContain("sk_live"));
    }

    @Test
    void referencesInArgsOfAServerThatAlsoHasHeadersStayRefusedWithAdviceToUseEnv() {
        assertThat(problems("""
                [servers.local]
                command = "x"
                args = ["${secret:t}"]
                """)).singleElement().asString().contains("Put the reference in env");
    }
}
