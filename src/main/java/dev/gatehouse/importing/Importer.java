package dev.gatehouse.importing;

import dev.gatehouse.config.AtomicFile;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ServerNameRule;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans and applies {@code gatehouse import}: client servers become {@code [servers.NAME]} tables, secret values
 * move into the vault as {@code NAME.VARIABLE} and are referenced from env; a remote server's secret headers and
 * query values move likewise ({@link RemoteImport}). A server that passes a secret-looking value in its arguments
 * is left out (config.toml never holds a secret, and arguments cannot hold references), as are names already
 * configured.
 */
public final class Importer {

    private Importer() {
    }

    /** The plan for {@code servers} against the existing {@code config}; writes nothing. */
    public static ImportPlan plan(List<ImportedServer> servers, GatewayConfig config) {
        return planWithValues(servers, config).plan();
    }

    static ImportPlan.WithValues planWithValues(List<ImportedServer> servers, GatewayConfig config) {
        List<ServerConfig> added = new ArrayList<>();
        List<ImportPlan.Move> moves = new ArrayList<>();
        List<ImportPlan.Skipped> skipped = new ArrayList<>();
        Map<SecretName, String> values = new LinkedHashMap<>();
        for (ImportedServer server : servers) {
            String reason = skipReason(server, config, added);
            if (reason != null) {
                skipped.add(new ImportPlan.Skipped(server.name(), reason));
                continue;
            }
            if (server.url() != null) {
                try {
                    RemoteImport.Planned remote = RemoteImport.plan(server);
                    added.add(remote.server());
                    moves.addAll(remote.moves());
                    values.putAll(remote.values());
                } catch (RemoteImport.Unimportable e) {
                    skipped.add(new ImportPlan.Skipped(server.name(), e.getMessage()));
                }
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (Map.Entry<String, String> variable : server.env().entrySet()) {
                String value = variable.getValue();
                if (SecretDetector.isSecretName(variable.getKey()) || SecretDetector.looksLikeSecret(value)) {
                    SecretName name = SecretName.of(server.name() + "." + variable.getKey());
                    moves.add(new ImportPlan.Move(name, server.name(), "env." + variable.getKey()));
                    values.put(name, value);
                    env.put(variable.getKey(), name.reference());
                } else {
                    env.put(variable.getKey(), value);
                }
            }
            added.add(new ServerConfig(server.name(), server.command(), server.args(), env,
                    server.cwd() == null ? null : Path.of(server.cwd()), true, ServerConfig.DEFAULT_TIMEOUT));
        }
        return new ImportPlan.WithValues(new ImportPlan(added, moves, skipped), values);
    }

    /** Why a server is left out before its values are looked at; remote servers are checked further on. */
    private static String skipReason(ImportedServer server, GatewayConfig config, List<ServerConfig> added) {
        if (ServerNameRule.problemWith(server.name()).isPresent()) {
            return ServerNameRule.problemWith(server.name()).get();
        }
        if (config.server(server.name()).isPresent() || added.stream().anyMatch(s -> s.name().equals(server.name()))) {
            return "a server with this name is already configured";
        }
        if (server.url() != null) {
            return null;
        }
        if (server.command() == null || server.command().isBlank()) {
            return "it has no command";
        }
        for (int i = 0; i < server.args().size(); i++) {
            String arg = server.args().get(i);
            if (SecretDetector.looksLikeSecret(arg) || SecretRef.mentionsSecret(arg)) {
                return "args[" + i + "] looks like a secret; arguments are visible to every local user, so change"
                        + " the server to read it from an environment variable and import again";
            }
        }
        if (server.cwd() != null && !Path.of(server.cwd()).isAbsolute()) {
            return "its cwd is not an absolute path";
        }
        return null;
    }

    /** An applied plan and the config text that holds its servers. */
    public record Applied(ImportPlan plan, String text) {
    }

    /**
     * Applies the plan to {@code currentText} without writing config.toml: the new text is built and validated
     * first, then the values go into the vault. The caller writes the returned text (the gateway does so through
     * its config service, which also applies it).
     */
    public static Applied applyToText(List<ImportedServer> servers, String fileName, String currentText, Vault vault)
            throws ConfigException, VaultException, IOException {
        GatewayConfig current = ConfigLoader.parse(fileName, currentText);
        ImportPlan.WithValues planned = planWithValues(servers, current);
        String next = currentText + TomlServers.render(planned.plan().servers());
        ConfigLoader.parse(fileName, next);
        for (Map.Entry<SecretName, String> value : planned.values().entrySet()) {
            vault.set(value.getKey(), new StringReader(value.getValue()));
        }
        return new Applied(planned.plan(), next);
    }

    /**
     * Applies the plan: the new config text is built and validated first, then the values go into the vault,
     * then config.toml is replaced atomically. Returns the plan that was applied.
     */
    public static ImportPlan apply(List<ImportedServer> servers, Path configFile, String currentText, Vault vault)
            throws ConfigException, VaultException, IOException {
        Applied applied = applyToText(servers, String.valueOf(configFile.getFileName()), currentText, vault);
        if (!applied.plan().servers().isEmpty()) {
            AtomicFile.writeString(configFile, applied.text());
        }
        return applied.plan();
    }
}
