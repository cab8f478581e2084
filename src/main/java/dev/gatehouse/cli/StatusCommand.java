package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ConfigProblemView;
import dev.gatehouse.admin.api.StatusReport;
import picocli.CommandLine.Command;

/** {@code gatehouse status}: the gateway, its servers, and whether the last config change applied. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running gateway: uptime, sessions, each server's state, config problems.")
public final class StatusCommand extends ApiCommand {

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        StatusReport status = api.get("/api/status", StatusReport.class);
        if (out.json()) {
            out.json(status);
            return 0;
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
        out.line("");
        ServerListCommand.print(out, status.servers());
        return 0;
    }
}
