package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ServerSummary;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code gatehouse server list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the servers and their state.")
final class ServerListCommand extends ApiCommand {

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        List<ServerSummary> servers = List.of(api.get("/api/servers", ServerSummary[].class));
        if (out.json()) {
            out.json(servers);
        } else {
            print(out, servers);
        }
        return 0;
    }

    static void print(Printer out, List<ServerSummary> servers) {
        out.table(List.of("NAME", "TRANSPORT", "START", "STATE", "RESTARTS", "REASON"),
                servers.stream().map(s -> List.of(s.name(), s.transport(), s.start(), s.state(),
                        Integer.toString(s.restarts()), s.reason() == null ? "" : s.reason())).toList());
    }
}
