package dev.gatehouse.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.SecretUsage;
import dev.gatehouse.config.ServerConfig;
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
        assertThat(plan.moves()).extracting(ImportPlan.Move::from).containsExactlyInAnyOrder("env.GITHUB_TOKEN",
                "env.HEADER", "env.OPENAI", "env.SESSION", "env.DB_PASSWORD");
        assertThat(plan.servers().getFirst().env()).containsEntry("LOG_LEVEL", "debug")
                .containsEntry("GITHUB_TOKEN", "${secret:github.GITHUB_TOKEN}");
        String printed = String.join("\n", plan.lines());
        assertThat(printed).contains("add server github", "move github env.GITHUB_TOKEN into the vault as"
                + " github.GITHUB_TOKEN").doesNotContain(GITHUB, OPENAI, JWT, "hunter2", "abcdefgh12345");
        assertThat(plan.toString()).doesNotContain(GITHUB, OPENAI, JWT);
    }

    @Test
    void unusableRemoteServersSecretArgumentsAndTakenNamesAreSkippedWithTheReason() throws Exception {
        GatewayConfig existing = ConfigLoader.parse("config.toml", "[servers.taken]\ncommand = \"x\"\n");
        ImportPlan plan = Importer.plan(List.of(
                new ImportedServer("remote", null, List.of(), Map.of(), null, "http://example.com/mcp", dir),
                new ImportedServer("leaky", "tool", List.of("--key", OPENAI), Map.of(), null, null, dir),
                new ImportedServer("taken", "x", List.of(), Map.of(), null, null, dir)), existing);
        assertThat(plan.servers()).isEmpty();
        assertThat(plan.lines()).containsExactly(
                "skip server remote: its url must use https: plain http is allowed only to a loopback host"
                        + " (localhost, 127.0.0.1, [::1])",
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
        try (Vault vault = openVault(home)) {
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

    @Test
    void theCliOffersExactlyTheClientsTheGatewayCanImportFrom() {
        assertThat(java.util.Arrays.stream(ClientKind.values()).map(ClientKind::label).toList())
                .isEqualTo(dev.gatehouse.admin.api.ImportRequest.CLIENTS);
    }

    @Test
    void readsRemoteServersInClaudeCodeVsCodeAndCursorForms() throws Exception {
        Path claudeCode = write(".mcp.json", """
                {"mcpServers": {"linear": {"type": "http", "url": "https://mcp.linear.app/mcp",
                                           "headers": {"Authorization": "Bearer %s"}}}}
                """.formatted(OPENAI));
        Path vscode = write(".vscode/mcp.json", """
                {"servers": {"old": {"type": "sse", "url": "https://old.example.com/sse", "headers": {"X-A": "1"}}}}
                """);
        Path cursor = write(".cursor/mcp.json", """
                {"mcpServers": {"web": {"url": "https://web.example.com/mcp?api_key=k1"}}}
                """);
        ImportedServer linear = ClientConfigParser.parse(claudeCode).getFirst();
        assertThat(linear.url()).isEqualTo("https://mcp.linear.app/mcp");
        assertThat(linear.type()).isEqualTo("http");
        assertThat(linear.headers()).containsEntry("Authorization", "Bearer " + OPENAI);
        assertThat(ClientConfigParser.parse(vscode).getFirst().type()).isEqualTo("sse");
        assertThat(ClientConfigParser.parse(cursor).getFirst().type()).isNull();
    }

    @Test
    void aRemoteServersSecretHeadersAndQueryValuesMoveIntoTheVaultAndTheRestStays() throws Exception {
        ImportedServer web = new ImportedServer("web", null, List.of(), Map.of(), null,
                "https://mcp.example.com/mcp?region=eu&api_key=plain%2Bkey&sig=" + JWT,
                Map.of("Authorization", "Bearer " + OPENAI, "X-Api-Key", "k-123", "X-Trace", "on"), "http", dir);
        ImportPlan plan = Importer.plan(List.of(web), emptyConfig());
        ServerConfig.Remote remote = plan.servers().getFirst().remote();
        assertThat(remote.transport()).isEqualTo(ServerConfig.RemoteTransport.STREAMABLE_HTTP);
        assertThat(remote.headers()).containsEntry("Authorization", "Bearer ${secret:web.Authorization}")
                .containsEntry("X-Api-Key", "${secret:web.X-Api-Key}").containsEntry("X-Trace", "on");
        assertThat(remote.url()).hasToString("https://mcp.example.com/mcp?region=eu"
                + "&api_key=$%7Bsecret:web.query.api_key%7D&sig=$%7Bsecret:web.query.sig%7D");
        assertThat(plan.lines()).containsExactlyInAnyOrder("add server web",
                "move web url query api_key into the vault as web.query.api_key",
                "move web url query sig into the vault as web.query.sig",
                "move web headers.Authorization into the vault as web.Authorization",
                "move web headers.X-Api-Key into the vault as web.X-Api-Key");
        assertThat(String.join("\n", plan.lines()) + plan).doesNotContain(OPENAI, JWT, "k-123", "plain");
    }

    @Test
    void remoteServersUsingClientVariablesOrUnknownTransportsAreSkippedWithTheReason() throws Exception {
        ImportPlan plan = Importer.plan(List.of(
                new ImportedServer("prompted", null, List.of(), Map.of(), null, "https://a.example.com/mcp",
                        Map.of("Authorization", "Bearer ${input:token}"), "http", dir),
                new ImportedServer("socket", null, List.of(), Map.of(), null, "https://b.example.com/mcp",
                        Map.of(), "ws", dir)), emptyConfig());
        assertThat(plan.servers()).isEmpty();
        assertThat(plan.lines()).containsExactly(
                "skip server prompted: header 'Authorization' uses a client variable (${…}) that Gatehouse cannot"
                        + " fill in; store the value with 'gatehouse secret set NAME', reference it as"
                        + " ${secret:NAME}, and add the server to config.toml",
                "skip server socket: its type is not a transport Gatehouse speaks (http, sse)");
    }

    @Test
    void applyingARemoteServerStoresTheCredentialsAloneAndConfigTomlHoldsOnlyReferences() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path configFile = Files.writeString(home.resolve("config.toml"), "");
        Path claudeCode = write(".claude.json", """
                {"mcpServers": {"linear": {"type": "sse", "url": "https://mcp.linear.app/sse?token=a%%2Bb%%20c",
                                           "headers": {"Authorization": "Bearer %s"}}}}
                """.formatted(GITHUB));
        try (Vault vault = openVault(home)) {
            Importer.apply(ClientConfigParser.parse(claudeCode), configFile, "", vault);
            try (Secret bearer = vault.resolve(SecretName.of("linear.Authorization"));
                 Secret token = vault.resolve(SecretName.of("linear.query.token"))) {
                assertThat(bearer.exposeAsString()).isEqualTo(GITHUB);
                assertThat(token.exposeAsString()).isEqualTo("a+b c");
            }
        }
        String text = Files.readString(configFile);
        assertThat(text).doesNotContain(GITHUB, "a%2Bb")
                .contains("url = \"https://mcp.linear.app/sse?token=${secret:linear.query.token}\"",
                        "\"Authorization\" = \"Bearer ${secret:linear.Authorization}\"", "transport = \"sse\"");
        GatewayConfig loaded = ConfigLoader.load(configFile);
        assertThat(SecretUsage.of(loaded)).isEqualTo(Map.of(SecretName.of("linear.Authorization"),
                List.of("linear"), SecretName.of("linear.query.token"), List.of("linear")));
    }

    private static Vault openVault(Path home) throws Exception {
        VaultHome vaultHome = new VaultHome(home, name -> {
            Path file = home.resolve(name);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file;
        });
        return Vault.open(vaultHome, List.of(new EnvironmentKeyBackend(
                Map.of(EnvironmentKeyBackend.VARIABLE, "0f".repeat(32)))), Instant::now);
    }
}
