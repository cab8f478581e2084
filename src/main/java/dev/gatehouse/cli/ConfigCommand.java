package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ConfigProblemView;
import dev.gatehouse.admin.api.ReloadReport;
import dev.gatehouse.admin.api.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse config validate [FILE] | reload}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check or apply config.toml.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.Reload.class})
public final class ConfigCommand {

    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private ConfigCommand() {
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a config file (default: the gateway's config.toml) without applying it.")
    static final class Validate extends ApiCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A candidate config file.")
        Path file;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ValidationReport report = file == null
                    ? api.post("/api/config/validate", null, ValidationReport.class)
                    : api.postText("/api/config/validate", read(file), ValidationReport.class);
            if (out.json()) {
                out.json(report);
            } else if (report.valid()) {
                out.line((file == null ? "config.toml" : file.toString()) + " is valid");
            } else {
                report.problems().stream().map(ConfigProblemView::text).forEach(out::line);
            }
            return report.valid() ? 0 : CliFailure.FAILURE;
        }

        private static String read(Path file) throws CliFailure {
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw CliFailure.usage(file + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliFailure.usage("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Apply config.toml now (the gateway also applies it when the file is saved).")
    static final class Reload extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ReloadReport report = api.post("/api/config/reload", null, ReloadReport.class);
            if (out.json()) {
                out.json(report);
            } else if (report.applied()) {
                out.line("applied: " + describe("added", report.added()) + ", " + describe("removed", report.removed())
                        + ", " + describe("changed", report.changed()));
            } else {
                out.line("rejected, the previous config keeps running:");
                report.problems().stream().map(ConfigProblemView::text).forEach(out::line);
            }
            return report.applied() ? 0 : CliFailure.FAILURE;
        }

        private static String describe(String what, List<String> names) {
            return names.isEmpty() ? "nothing " + what : what + " " + String.join(", ", names);
        }
    }
}
