package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ToolApprovalRequest;
import dev.gatehouse.admin.api.ToolApprovalResult;
import dev.gatehouse.admin.api.ToolReviewReport;
import dev.gatehouse.admin.api.ToolState;
import dev.gatehouse.admin.api.ToolWarning;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse tools …}: the tools each server offers against what the user approved (rug-pull protection). */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = "Review and approve the servers' tools. A tool whose name, description, schemas or"
                + " annotations changed since it was approved is hidden from clients until it is approved again.",
        subcommands = {ToolsCommand.ListTools.class, ToolsCommand.Diff.class, ToolsCommand.Approve.class})
public final class ToolsCommand {

    private ToolsCommand() {
    }

    private static String path(String server) {
        return "/api/tools/" + URLEncoder.encode(server, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List tools as approved, changed or new, and whether clients can see them.")
    static final class ListTools extends ApiCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "Only this server.")
        String server;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            List<ToolReviewReport> reports = server == null ? List.of(api.get("/api/tools", ToolReviewReport[].class))
                    : List.of(api.get(path(server), ToolReviewReport.class));
            if (out.json()) {
                out.json(server == null ? reports : reports.getFirst());
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (ToolReviewReport report : reports) {
                if (report.error() != null) {
                    rows.add(List.of(report.server(), "-", "unreadable", report.error()));
                }
                for (ToolState tool : report.tools()) {
                    rows.add(List.of(report.server(), tool.name(), tool.state(), (tool.hidden() ? "hidden" : "visible")
                            + (tool.warnings().isEmpty() ? "" : ", FLAGGED: " + flags(tool.warnings()))));
                }
            }
            out.table(List.of("SERVER", "TOOL", "STATE", "CLIENTS"), rows);
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Show what changed in a server's tools since they were approved.")
    static final class Diff extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SERVER", description = "The server's name.")
        String server;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ToolReviewReport report = api.get(path(server), ToolReviewReport.class);
            List<ToolState> waiting = report.tools().stream().filter(t -> !t.state().equals("approved")).toList();
            if (out.json()) {
                out.json(waiting);
                return 0;
            }
            if (waiting.isEmpty()) {
                out.line("every tool of '" + server + "' is as approved");
                return 0;
            }
            for (ToolState tool : waiting) {
                out.line(tool.name() + ": " + (tool.state().equals("new") ? "new, never approved"
                        : "changed since approved at " + tool.approvedAt()) + (tool.hidden() ? " (hidden from clients)"
                        : ""));
                tool.diff().forEach(line -> out.line("    " + line));
                tool.warnings().forEach(w -> out.line("  WARNING: " + w.description()));
                out.line("");
            }
            out.line("approve with: gatehouse tools approve " + server + " [TOOL]");
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a server's changed and new tools as they are now (all of them, or one).")
    static final class Approve extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SERVER", description = "The server's name.")
        String server;

        @Parameters(index = "1", arity = "0..1", paramLabel = "TOOL", description = "Only this tool.")
        String tool;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ToolApprovalResult result = api.post(path(server) + "/approve", new ToolApprovalRequest(tool),
                    ToolApprovalResult.class);
            out.answer(result, result.message());
            return 0;
        }
    }

    /** The hidden-instruction marks, one line per tool and mark, indented under status lines. */
    static void printWarnings(Printer out, List<ToolWarning> warnings) {
        if (warnings == null || warnings.isEmpty()) {
            return;
        }
        out.line("  FLAGGED TOOLS (hidden instructions; review with: gatehouse tools diff SERVER):");
        warnings.forEach(w -> out.line("    " + w.server() + "/" + w.tool() + ": " + w.description()));
    }

    static String flags(List<ToolWarning> warnings) {
        return String.join(", ", warnings.stream().map(ToolWarning::flag).toList());
    }
}
