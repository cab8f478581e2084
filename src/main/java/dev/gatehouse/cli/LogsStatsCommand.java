package dev.gatehouse.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code gatehouse logs stats}: calls, errors and latency percentiles per server and tool, busiest first. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Calls, errors and p50/p99 latency per server and tool over a recent window.")
final class LogsStatsCommand extends ApiCommand {

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "1h",
            description = "Window start: 15m, 1h (default), 2d, 1w, a date or an instant.")
    String since;

    @Option(names = "--server", paramLabel = "NAME", description = "Only this server.")
    String server;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        List<String> parameters = new ArrayList<>();
        TrafficFilterOptions.add(parameters, "since", since);
        TrafficFilterOptions.add(parameters, "server", server);
        JsonNode stats = TrafficFilterOptions.checked(() -> api.get(
                TrafficFilterOptions.query("/api/traffic/stats", parameters), JsonNode.class));
        if (out.json()) {
            out.json(stats);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : stats.path("rows")) {
            String tool = ExchangeLines.text(row, "tool");
            long calls = row.path("calls").asLong();
            long errors = row.path("errors").asLong();
            rows.add(List.of(row.path("server").asString(), tool.isEmpty() ? "(all)" : tool, Long.toString(calls),
                    errors + String.format(Locale.ROOT, " (%.1f%%)", calls == 0 ? 0.0 : errors * 100.0 / calls),
                    ExchangeLines.duration(row.path("p50Micros").asLong()),
                    ExchangeLines.duration(row.path("p99Micros").asLong())));
        }
        out.line("Since " + stats.path("since").asString() + ":");
        if (rows.isEmpty()) {
            out.line("no calls recorded");
            return 0;
        }
        out.table(List.of("SERVER", "TOOL", "CALLS", "ERRORS", "P50", "P99"), rows);
        return 0;
    }
}
