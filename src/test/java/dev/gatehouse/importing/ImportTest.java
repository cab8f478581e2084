package dev.gatehouse.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.SecretUsage;
import dev.gatehouse.vault.EnvironmentKeyBackend;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {

    private static final String GITHUB = "ghp_" + "A".repeat(36);
    private static final String OPENAI = "sk-proj-" + "b".repeat(40);
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl";

    @TempDir
    Path dir;

    private Path write(String name, String json) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    private static GatewayConfig emptyConfig() throws Exception {
        return ConfigLoader.parse("config.toml", "");
    }

    @Test
    void readsClaudeDesktopCursorAndClaudeCodeMcpServers() throws Exception {
        Path file = write(".claude.json", """
                {"mcpServers": {"github": {"command": "npx", "args": ["-y", "@mcp/github"],
                                           "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "%s"}}},
                 "projects": {"/home/me/app": {"mcpServers": {"db": {"type": "stdio", "command": "db-mcp"},
                                                              "github": {"command": "shadowed"}}}}}
                """.formatted(GITHUB));
        List<ImportedServer> servers = ClientConfigParser.parse(file);
        assertThat(servers).extracting(ImportedServer::name).containsExactly("github", "db");
        assertThat(servers.getFirst().args()).containsExactly("-y", "@mcp/github");
        assertThat(servers.getFirst().command()).isEqualTo("npx");
    }

    @Test
    void readsVsCodeMcpJsonWithCommentsAndSettingsJsonMcpServers() throws Exception {
        Path mcpJson = write("Code/User/mcp.json", """
                {
                  // VS Code writes JSONC
                  "inputs": [{"type": "promptString", "id": "key", "password": true}],
                  "servers": {"memory": {"type": "stdio", "command": "npx", "args": ["-y", "mem"],},
                              "remote": {"type": "http", "url": "https://example.com/mcp"}},
                }
                """);
        Path settings = write("Code/User/settings.json", """
                {"editor.fontSize": 14, "mcp": {"servers": {"fs": {"command": "fs-mcp"}}}}
                """);
        assertThat(ClientConfigParser.parse(mcpJson)).extracting(ImportedServer::name)
                .containsExactly("memory", "remote");
        assertThat(ClientConfigParser.parse(settings)).extracting(ImportedServer::name).containsExactly("fs");
    }

    @Test
    void thePlanMovesValuesBySecretNamesAndByCredentialShapesAndPrintsNamesOnly() throws Exception {
        ImportedServer server = new ImportedServer("github", "npx", List.of("-y", "@mcp/github"), Map.of(
                "GITHUB_TOKEN", GITHUB, "LOG_LEVEL", "debug", "HEADER", "Bearer abcdefgh12345",
                "OPENAI", OPENAI, "SESSION", JWT, "DB_PASSWORD", "hunter2hunter2"), null, null, dir);
        ImportPlan plan = Importer.plan(List.of(server), emptyConfig());
        assertThat(plan.moves()).extracting(ImportPlan.Move::variable)
                .containsExactlyInAnyOrder("GITHUB_TOKEN", "HEADER", "OPENAI", "SESSION", "DB_PASSWORD");
        assertThat(plan.servers().getFirst().env()).containsEntry("LOG_LEVEL", "debug")
                .containsEntry("GITHUB_TOKEN", "${secret:github.GITHUB_TOKEN}");
        String printed = String.join("\n", plan.lines());
        assertThat(printed).contains("add server github", "move github env.GITHUB_TOKEN into the vault as"
                + " github.GITHUB_TOKEN").doesNotContain(GITHUB, OPENAI, JWT, "hunter2", "abcdefgh12345");
        assertThat(plan.toString()).doesNotContain(GITHUB, OPENAI, JWT);
    }

    @Test
    void remoteServersSecretArgumentsAndTakenNamesAreSkippedWithTheReason() throws Exception {
        GatewayConfig existing = ConfigLoader.parse("config.toml", "[servers.taken]\ncommand = \"x\"\n");
        ImportPlan plan = Importer.plan(List.of(
                new ImportedServer("remote", null, List.of(), Map.of(), null, "https://example.com/mcp", dir),
                new ImportedServer("leaky", "tool", List.of("--key", OPENAI), Map.of(), null, null, dir),
                new ImportedServer("taken", "x", List.of(), Map.of(), null, null, dir)), existing);
        assertThat(plan.servers()).isEmpty();
        assertThat(plan.lines()).containsExactly(
                "skip server remote: remote servers (url) are not supported by this version",
                "skip server leaky: args[1] looks like a secret; arguments are visible to every local user, so change"
                        + " the server to read it from an environment variable and import again",
                "skip server taken: a server with this name is already configured");
    }

    @Test
    void applyingMovesValuesIntoTheVaultAndWritesOnlyReferencesToConfigToml() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path configFile = Files.writeString(home.resolve("config.toml"), "[servers.existing]\ncommand = \"x\"\n");
        Path claude = write("claude_desktop_config.json", """
                {"mcpServers": {"github": {"command": "npx", "args": ["-y", "gh"],
                                           "env": {"GITHUB_TOKEN": "%s", "MODE": "fast \\"quoted\\""}}}}
                """.formatted(GITHUB));
        VaultHome vaultHome = new VaultHome(home, name -> {
            Path file = home.resolve(name);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file;
        });
        try (Vault vault = Vault.open(vaultHome, List.of(new EnvironmentKeyBackend(
                Map.of(EnvironmentKeyBackend.VARIABLE, "0f".repeat(32)))), Instant::now)) {
            ImportPlan applied = Importer.apply(ClientConfigParser.parse(claude), configFile,
                    Files.readString(configFile), vault);
            assertThat(applied.moves()).hasSize(1);
            try (Secret secret = vault.resolve(SecretName.of("github.GITHUB_TOKEN"))) {
                assertThat(secret.exposeAsString()).isEqualTo(GITHUB);
            }
        }
        String text = Files.readString(configFile);
        assertThat(text).doesNotContain(GITHUB).contains("GITHUB_TOKEN = \"${secret:github.GITHUB_TOKEN}\"");
        GatewayConfig loaded = ConfigLoader.load(configFile);
        assertThat(loaded.servers()).extracting(s -> s.name()).containsExactly("existing", "github");
        assertThat(loaded.server("github").orElseThrow().env()).containsEntry("MODE", "fast \"quoted\"");
        assertThat(SecretUsage.of(loaded)).containsKey(SecretName.of("github.GITHUB_TOKEN"));
    }

    @Test
    void eachClientIsLookedForWhereItKeepsItsConfigOnEachOs() {
        Path user = Path.of("/home/me");
        Path cwd = Path.of("/work/app");
        Map<String, String> env = Map.of("APPDATA", "C:/Users/me/AppData/Roaming");
        assertThat(ClientKind.CLAUDE_DESKTOP.locations("mac", user, env, cwd)).containsExactly(
                user.resolve("Library/Application Support/Claude/claude_desktop_config.json"));
        assertThat(ClientKind.CLAUDE_DESKTOP.locations("windows", user, env, cwd)).containsExactly(
                Path.of("C:/Users/me/AppData/Roaming/Claude/claude_desktop_config.json"));
        assertThat(ClientKind.CURSOR.locations("linux", user, Map.of(), cwd)).containsExactly(
                cwd.resolve(".cursor/mcp.json"), user.resolve(".cursor/mcp.json"));
        assertThat(ClientKind.VSCODE.locations("linux", user, Map.of(), cwd)).containsExactly(
                cwd.resolve(".vscode/mcp.json"), user.resolve(".config/Code/User/mcp.json"),
                user.resolve(".config/Code/User/settings.json"));
        assertThat(ClientKind.CLAUDE_CODE.locations("mac", user, Map.of(), cwd)).containsExactly(
                cwd.resolve(".mcp.json"), user.resolve(".claude.json"));
        assertThat(ClientKind.byLabel("claude-code")).contains(ClientKind.CLAUDE_CODE);
    }
}
