package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ConfigProblemView;
import dev.gatehouse.admin.api.StatusReport;
import dev.gatehouse.admin.api.VaultStatus;
import picocli.CommandLine.Command;

/** {@code gatehouse status}: the gateway, its servers and profiles, and whether the last config change applied. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running gateway: uptime, sessions, the vault's key backend, each server's state,"
                + " the profiles and their URLs, config problems, whether traffic is being recorded.")
public final class StatusCommand extends ApiCommand {

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        StatusReport status = api.get("/api/status", StatusReport.class);
        if (out.json()) {
            out.json(status);
            return 0;
        }
        VaultStatus vault = status.vault();
        if (vault != null && vault.warning() != null) {
            out.line(vault.warning());
            out.line("");
        }
        out.line("Gatehouse " + status.version() + " (pid " + status.pid() + ", up "
                + Durations.human(status.uptimeSeconds()) + ")");
        out.line("  endpoint: " + status.mcpUrl());
        out.line("  home:     " + status.home());
        out.line("  sessions: " + status.sessions());
        if (status.config().valid()) {
            out.line("  config:   ok");
        } else {
            out.line("  config:   REJECTED, the previous config keeps running:");
            status.config().problems().stream().map(ConfigProblemView::text).forEach(p -> out.line("    " + p));
        }
        if (vault != null) {
            printVault(out, vault);
        }
        if (status.capture() != null) {
            out.line("  capture:  " + CaptureLine.describe(status.capture()));
        }
        ToolsCommand.printWarnings(out, status.toolWarnings());
        out.line("");
        ServerListCommand.print(out, status.servers());
        if (status.profiles() != null && !status.profiles().isEmpty()) {
            out.line("");
            ProfileCommand.print(out, status.profiles());
        }
        return 0;
    }

    /** The vault's secret count and its key backend report, indented under the status lines. */
    private static void printVault(Printer out, VaultStatus vault) {
        if (vault.error() != null) {
            out.line("  vault:    CANNOT BE READ: " + vault.error());
            return;
        }
        out.line("  secrets:  " + vault.secrets());
        vault.lines().forEach(line -> out.line("  " + line));
    }
}
