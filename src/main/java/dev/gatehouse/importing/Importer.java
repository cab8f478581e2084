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
 * move into the vault as {@code NAME.VARIABLE} and are referenced from env. A server that passes a secret-looking
 * value in its arguments is left out (config.toml never holds a secret, and arguments cannot hold references),
 * as are remote servers and names already configured.
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
            Map<String, String> env = new LinkedHashMap<>();
            for (Map.Entry<String, String> variable : server.env().entrySet()) {
                String value = variable.getValue();
                if (SecretDetector.isSecretName(variable.getKey()) || SecretDetector.looksLikeSecret(value)) {
                    SecretName name = SecretName.of(server.name() + "." + variable.getKey());
                    moves.add(new ImportPlan.Move(name, server.name(), variable.getKey()));
                    values.put(name, value);
                    env.put(variable.getKey(), "${secret:" + name + "}");
                } else {
                    env.put(variable.getKey(), value);
                }
            }
            added.add(new ServerConfig(server.name(), server.command(), server.args(), env,
                    server.cwd() == null ? null : Path.of(server.cwd()), true, ServerConfig.DEFAULT_TIMEOUT));
        }
        return new ImportPlan.WithValues(new ImportPlan(added, moves, skipped), values);
    }

    private static String skipReason(ImportedServer server, GatewayConfig config, List<ServerConfig> added) {
        if (server.url() != null) {
            return "remote servers (url) are not supported by this version";
        }
        if (server.command() == null || server.command().isBlank()) {
            return "it has no command";
        }
        if (ServerNameRule.problemWith(server.name()).isPresent()) {
            return ServerNameRule.problemWith(server.name()).get();
        }
        if (config.server(server.name()).isPresent() || added.stream().anyMatch(s -> s.name().equals(server.name()))) {
            return "a server with this name is already configured";
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

    /**
     * Applies the plan: the new config text is built and validated first, then the values go into the vault,
     * then config.toml is replaced atomically. Returns the plan that was applied.
     */
    public static ImportPlan apply(List<ImportedServer> servers, Path configFile, String currentText, Vault vault)
            throws ConfigException, VaultException, IOException {
        GatewayConfig current = ConfigLoader.parse(String.valueOf(configFile.getFileName()), currentText);
        ImportPlan.WithValues planned = planWithValues(servers, current);
        String next = currentText + TomlServers.render(planned.plan().servers());
        ConfigLoader.parse(String.valueOf(configFile.getFileName()), next);
        for (Map.Entry<SecretName, String> value : planned.values().entrySet()) {
            vault.set(value.getKey(), new StringReader(value.getValue()));
        }
        if (!planned.plan().servers().isEmpty()) {
            AtomicFile.writeString(configFile, next);
        }
        return planned.plan();
    }
}
