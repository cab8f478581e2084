package dev.gatehouse.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code gatehouse logs clear}: deletes recorded traffic, then gives the space back to the file system. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Delete recorded traffic (all of it, or what is older than --before, of one --server),"
                + " then compact the database.",
                "  gatehouse logs clear --before 7d --server github"})
final class LogsClearCommand extends ApiCommand {

    @Option(names = "--before", paramLabel = "WHEN",
            description = "Only what was recorded before then: a date (2026-11-01), an instant, or an amount ago"
                    + " (7d).")
    String before;

    @Option(names = "--server", paramLabel = "NAME", description = "Only this server's traffic.")
    String server;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        List<String> parameters = new ArrayList<>();
        TrafficFilterOptions.add(parameters, "before", before);
        TrafficFilterOptions.add(parameters, "server", server);
        JsonNode cleared = TrafficFilterOptions.checked(() -> api.delete(
                TrafficFilterOptions.query("/api/traffic", parameters), JsonNode.class));
        if (out.json()) {
            out.json(cleared);
            return 0;
        }
        long deleted = cleared.path("deleted").asLong();
        out.line("deleted " + deleted + " exchange" + (deleted == 1 ? "" : "s")
                + (server == null ? "" : " of '" + server + "'")
                + (cleared.path("before").isNull() ? "" : " recorded before " + cleared.path("before").asString())
                + "; the database was compacted");
        return 0;
    }
}
