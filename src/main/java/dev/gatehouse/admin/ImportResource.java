package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ImportReport;
import dev.gatehouse.admin.api.ImportRequest;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.importing.ClientConfigParser;
import dev.gatehouse.importing.ClientKind;
import dev.gatehouse.importing.ImportPlan;
import dev.gatehouse.importing.ImportSources;
import dev.gatehouse.importing.Importer;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code gatehouse import}: reads a client's MCP config in the gateway (which runs as the same user), plans the
 * servers and the values that move into the vault, and, unless it is a dry run, stores the values and adds the
 * servers through {@link ConfigService#edit}, so they start at once and config.toml keeps a backup. Answers
 * carry names only.
 */
public final class ImportResource {

    /** Where the user's clients keep their config: the gateway's OS, user home and environment. */
    public record Machine(String os, Path userHome, Map<String, String> environment) {

        public static Machine current() {
            return new Machine(ImportSources.os(System.getProperty("os.name")),
                    Path.of(System.getProperty("user.home")), System.getenv());
        }
    }

    private final ConfigService config;
    private final Path configFile;
    private final Vault vault;
    private final Machine machine;

    public ImportResource(ConfigService config, Path configFile, Vault vault, Machine machine) {
        this.config = config;
        this.configFile = configFile;
        this.vault = vault;
        this.machine = machine;
    }

    public ImportReport run(ImportRequest request) {
        ImportSources.Found found = sources(request);
        ImportPlan plan = Importer.plan(found.servers(), current());
        if (request.dryRun() || plan.servers().isEmpty()) {
            return report(request.dryRun(), found, plan);
        }
        AtomicReference<ImportPlan> applied = new AtomicReference<>();
        config.edit(editor -> {
            try {
                Importer.Applied result = Importer.applyToText(found.servers(),
                        String.valueOf(configFile.getFileName()), editor.text(), vault);
                applied.set(result.plan());
                return result.text();
            } catch (VaultException e) {
                throw SecretsResource.problem(e);
            } catch (IOException e) {
                throw new IllegalStateException("reading a value held in memory failed", e);
            }
        });
        return report(false, found, applied.get());
    }

    private ImportSources.Found sources(ImportRequest request) {
        if (request == null || (request.client() == null) == (request.file() == null)) {
            throw AdminProblem.badRequest("give exactly one of 'client' and 'file'");
        }
        try {
            if (request.file() != null) {
                return ImportSources.forFile(absolute("file", request.file()));
            }
            ClientKind kind = ClientKind.byLabel(request.client()).orElseThrow(() -> AdminProblem.badRequest(
                    "'client' must be one of: " + String.join(", ", ImportRequest.CLIENTS)));
            Path workingDirectory = request.workingDirectory() == null ? machine.userHome()
                    : absolute("workingDirectory", request.workingDirectory());
            return ImportSources.forClient(kind, machine.os(), machine.userHome(), machine.environment(),
                    workingDirectory);
        } catch (ImportSources.NothingFound | ClientConfigParser.UnreadableConfig e) {
            throw AdminProblem.cannotImport(e.getMessage());
        }
    }

    private static Path absolute(String field, String text) {
        try {
            Path path = Path.of(text);
            if (path.isAbsolute()) {
                return path.normalize();
            }
        } catch (InvalidPathException e) {
            // Answered below, the same way as a relative path.
        }
        throw AdminProblem.badRequest("'" + field + "' must be an absolute path");
    }

    private GatewayConfig current() {
        try {
            return ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            throw AdminProblem.invalidConfig(configFile.getFileName() + " has problems; fix them before importing",
                    ConfigService.views(e.problems()));
        }
    }

    private static ImportReport report(boolean dryRun, ImportSources.Found found, ImportPlan plan) {
        return new ImportReport(dryRun, found.files().stream().map(Path::toString).toList(), plan.lines(),
                plan.servers().stream().map(ServerConfig::name).toList(),
                plan.moves().stream().map(move -> move.secret().value()).toList());
    }
}
