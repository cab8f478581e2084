package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ImportReport;
import dev.gatehouse.admin.api.ImportRequest;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse import claude-desktop|cursor|vscode|claude-code|FILE [--dry-run]}: the gateway reads the
 * client's MCP config (it runs as the same user), adds its servers to config.toml and moves every value that looks
 * secret into the vault. What it prints names servers, variables and secrets, never a value.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Add an MCP client's servers to config.toml, moving every value that looks secret (env names"
                + " with KEY, TOKEN, SECRET, PASSWORD, AUTH, CREDENTIAL; known token shapes) into the vault.",
                "SOURCE: claude-desktop, cursor, vscode, claude-code (looked for where each keeps its config,"
                        + " project files in the current directory first), or a client config FILE."})
public final class ImportCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "claude-desktop, cursor, vscode, claude-code, or a FILE.")
    String source;

    @Option(names = "--dry-run", description = "Show what would be imported; write nothing.")
    boolean dryRun;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        ImportReport report = api.post("/api/import", request(), ImportReport.class);
        if (out.json()) {
            out.json(report);
            return 0;
        }
        report.sources().forEach(file -> out.line("Read " + file));
        report.lines().forEach(line -> out.line("  " + line));
        if (report.dryRun()) {
            out.line("Dry run: nothing was written. Run it again without --dry-run to import.");
        } else if (!report.servers().isEmpty()) {
            out.line("Imported " + report.servers().size() + " server(s) and moved " + report.secrets().size()
                    + " value(s) into the vault; the previous config.toml is kept as config.toml.bak. The new"
                    + " servers are starting: see 'gatehouse status'.");
        }
        return 0;
    }

    private ImportRequest request() throws CliFailure {
        String workingDirectory = Path.of("").toAbsolutePath().toString();
        if (ImportRequest.CLIENTS.contains(source)) {
            return new ImportRequest(source, null, workingDirectory, dryRun);
        }
        try {
            Path file = Path.of(source).toAbsolutePath().normalize();
            if (Files.isRegularFile(file)) {
                return new ImportRequest(null, file.toString(), workingDirectory, dryRun);
            }
        } catch (InvalidPathException e) {
            // Answered below, as for a file that does not exist.
        }
        throw CliFailure.usage("SOURCE must be one of " + String.join(", ", ImportRequest.CLIENTS)
                + ", or an existing client config file");
    }
}
