package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.vault.SecretName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where config may reference vault secrets, and the line:column of every misplaced reference. */
class SecretReferenceConfigTest {

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
                "config.toml:2:11: 'command' must not reference a secret: secret references are allowed only in env"
                        + " values",
                "config.toml:3:7: 'cwd' must not reference a secret: secret references are allowed only in env values");
    }

    @Test
    void aReferenceToAnUnknownSecretStillLoadsBecauseTheVaultIsConsultedOnlyAtSpawn() {
        assertThatThrownBy(() -> ConfigLoader.parse("config.toml", "[servers.a]\ncommand = \"a\"\n"
                + "env.K = \"${secret:not-yet-set}\"\n[servers.b]\ncommand = \"b\"\nargs = [\"${secret:x}\"]\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
    }
}
