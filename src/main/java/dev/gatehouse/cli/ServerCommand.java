package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.ServerDetail;
import dev.gatehouse.admin.api.ServerLogs;
import dev.gatehouse.admin.api.ServerSummary;
import dev.gatehouse.admin.api.ToolSummary;
import dev.gatehouse.protocol.ModernEra;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse server …}: look at and change the servers behind the gateway. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Look at and change the servers behind the gateway. Changes are written to config.toml.",
        subcommands = {ServerListCommand.class, ServerCommand.Show.class, ServerCommand.Tools.class,
                ServerCommand.Logs.class, ServerCommand.Restart.class, ServerCommand.Enable.class,
                ServerCommand.Disable.class, ServerCommand.Remove.class, ServerAddCommand.class})
public final class ServerCommand {

    private ServerCommand() {
    }

    /** A command about one named server. */
    abstract static class Named extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The server's name.")
        String name;

        String path(String suffix) {
            return "/api/servers/" + name + suffix;
        }
    }

    /** A change to one server, answered with a sentence. */
    abstract static class Action extends Named {
        abstract ActionResult act(ApiClient api) throws CliFailure;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ActionResult result = act(api);
            if (out.json()) {
                out.json(result);
            } else {
                out.line(result.message());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one server in detail.")
    static final class Show extends Named {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ServerDetail detail = api.get(path(""), ServerDetail.class);
            if (out.json()) {
                out.json(detail);
                return 0;
            }
            ServerSummary s = detail.summary();
            out.line(s.name() + " (" + s.transport() + ", start " + s.start() + ")");
            out.line("  state:    " + s.state() + (s.reason() == null ? "" : " — " + s.reason()));
            out.line("  since:    " + (s.since() == null ? "-" : s.since()));
            out.line("  restarts: " + s.restarts());
            if (detail.command() != null) {
                out.line("  command:  " + detail.command() + " " + String.join(" ", detail.args()));
                out.line("  env:      " + (detail.envNames().isEmpty() ? "-" : String.join(", ", detail.envNames())));
            }
            if (detail.url() != null) {
                out.line("  url:      " + detail.url());
                out.line("  headers:  " + (detail.headerNames().isEmpty() ? "-"
                        : String.join(", ", detail.headerNames())));
            }
            if (detail.serverName() != null) {
                out.line("  server:   " + detail.serverName() + " " + detail.serverVersion() + " (protocol "
                        + detail.protocolVersion() + ", "
                        + (ModernEra.VERSION.equals(detail.protocolVersion()) ? "modern" : "legacy") + " era)");
            }
            ToolsCommand.printWarnings(out, detail.toolWarnings());
            return 0;
        }
    }

    @Command(name = "tools", mixinStandardHelpOptions = true, description = "List a server's tools.")
    static final class Tools extends Named {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            List<ToolSummary> tools = List.of(api.get(path("/tools"), ToolSummary[].class));
            if (out.json()) {
                out.json(tools);
            } else {
                out.table(List.of("TOOL", "DESCRIPTION"), tools.stream().map(t -> List.of(t.name(),
                        t.description() == null ? "" : t.description().lines().findFirst().orElse(""))).toList());
            }
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Show the last lines a server wrote on stderr (configured values redacted).")
    static final class Logs extends Named {
        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "100",
                description = "How many lines (default: ${DEFAULT-VALUE}).")
        int lines;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ServerLogs logs = api.get(path("/logs?lines=" + lines), ServerLogs.class);
            if (out.json()) {
                out.json(logs);
            } else {
                logs.lines().forEach(out::line);
            }
            return 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart a server.")
    static final class Restart extends Action {
        @Override
        ActionResult act(ApiClient api) throws CliFailure {
            return api.post(path("/restart"), null, ActionResult.class);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a server (config.toml).")
    static final class Enable extends Action {
        @Override
        ActionResult act(ApiClient api) throws CliFailure {
            return api.post(path("/enable"), null, ActionResult.class);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a server (config.toml).")
    static final class Disable extends Action {
        @Override
        ActionResult act(ApiClient api) throws CliFailure {
            return api.post(path("/disable"), null, ActionResult.class);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a server from config.toml and stop it.")
    static final class Remove extends Action {
        @Override
        ActionResult act(ApiClient api) throws CliFailure {
            return api.delete(path(""), ActionResult.class);
        }
    }
}
