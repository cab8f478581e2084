package dev.gatehouse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code gatehouse logs}: the recorded traffic, oldest of the page first so the newest ends up nearest the prompt;
 * with {@code --follow}, then every new exchange as it is recorded, until interrupted, reconnecting when the
 * gateway restarts. With {@code --json}, one JSON object per exchange per line (the API's shape), so the output
 * pipes into {@code jq}.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Search the recorded traffic: what was sent to which server, what came back, how long it"
                + " took, what failed. Secrets were redacted before anything was recorded.",
                "  gatehouse logs --server github --errors --since 1h",
                "  gatehouse logs --follow --tool github__create_issue"},
        subcommands = {LogsShowCommand.class, LogsCommand.Export.class, LogsStatsCommand.class,
                LogsClearCommand.class, LogsHistoryCommands.Sessions.class, LogsHistoryCommands.Events.class,
                LogsHistoryCommands.Notifications.class})
public final class LogsCommand extends ApiCommand {

    private static final int DEFAULT_LIMIT = 50;
    private static final int DEFAULT_FOLLOW_LIMIT = 10;
    /** Longer than the gateway's heartbeat on a quiet follow stream (15 s). */
    private static final Duration FOLLOW_IDLE = Duration.ofSeconds(60);
    private static final Duration RECONNECT_FIRST = Duration.ofMillis(250);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(5);

    @Mixin
    TrafficFilterOptions filters;

    @Option(names = "--limit", paramLabel = "N",
            description = "Show at most N exchanges (1 to 10000; default " + DEFAULT_LIMIT + ", or "
                    + DEFAULT_FOLLOW_LIMIT + " before following).")
    Integer limit;

    @Option(names = "--before", paramLabel = "ID", description = "Only exchanges older than exchange ID: the next"
            + " page back.")
    Long before;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new exchanges as they are recorded, across"
            + " restarts of the gateway (Ctrl-C stops).")
    boolean follow;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        List<String> parameters = filters.parameters();
        TrafficFilterOptions.add(parameters, "limit", limit != null ? limit : follow ? DEFAULT_FOLLOW_LIMIT
                : DEFAULT_LIMIT);
        TrafficFilterOptions.add(parameters, "before", before);
        JsonNode page = TrafficFilterOptions.checked(() -> api.get(TrafficFilterOptions.query("/api/traffic",
                parameters), JsonNode.class));
        List<JsonNode> exchanges = new ArrayList<>();
        page.path("exchanges").forEach(exchanges::add);
        if (!out.json()) {
            out.line(ExchangeLines.HEADER);
        }
        for (JsonNode exchange : exchanges.reversed()) {
            print(out, exchange);
        }
        if (!follow) {
            if (!out.json() && !page.path("nextBefore").isNull()) {
                out.line("(older exchanges: add --before " + page.path("nextBefore").asLong() + ")");
            }
            return 0;
        }
        if (out.readerGone()) {
            return 0;
        }
        return follow(api, out, exchanges.isEmpty() ? 0 : exchanges.getFirst().path("id").asLong());
    }

    /**
     * Streams new exchanges after {@code seen} until interrupted. When the gateway goes away (a restart, a crash,
     * a stop) the stream is opened again, after a wait doubling from {@link #RECONNECT_FIRST} to
     * {@link #RECONNECT_MAX}, from the last exchange shown, so nothing recorded meanwhile is missed; one line on
     * stderr says so. An answer the gateway gives (its capture is off, a filter is refused) ends the command, and
     * so does a reader that went away (a closed pipe): the next exchange printed finds it gone, and the command
     * ends with 0, as its output was only cut short by whoever read it.
     */
    private int follow(ApiClient api, Printer out, long seen) throws CliFailure {
        long last = seen;
        Duration wait = RECONNECT_FIRST;
        boolean away = false;
        while (true) {
            List<String> parameters = filters.parameters();
            TrafficFilterOptions.add(parameters, "after", last);
            String lost;
            try (InputStream stream = api.stream(TrafficFilterOptions.query("/api/traffic/follow", parameters),
                    FOLLOW_IDLE);
                 BufferedReader events = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = events.readLine()) != null) {
                    // Back once the gateway speaks on the stream (it opens with a comment), not merely accepts.
                    away = false;
                    wait = RECONNECT_FIRST;
                    if (line.startsWith("data: ")) {
                        JsonNode exchange = api.mapper().readTree(line.substring(6));
                        last = Math.max(last, exchange.path("id").asLong());
                        print(out, exchange);
                        if (out.readerGone()) {
                            return 0;
                        }
                    }
                }
                lost = "it ended the stream";
            } catch (IOException e) {
                lost = "the stream broke off";
            } catch (CliFailure failure) {
                if (failure.problem() != null) {
                    throw failure;
                }
                lost = failure.getMessage();
            }
            if (!away) {
                away = true;
                PrintWriter err = spec.commandLine().getErr();
                err.println("gatehouse: lost the gateway (" + lost + "); reconnecting until it is back (Ctrl-C"
                        + " stops)");
                err.flush();
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            wait = wait.multipliedBy(2).compareTo(RECONNECT_MAX) > 0 ? RECONNECT_MAX : wait.multipliedBy(2);
        }
    }

    private static void print(Printer out, JsonNode exchange) {
        out.line(out.json() ? exchange.toString() : ExchangeLines.line(exchange));
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write every matching exchange, oldest first, with its request, response and headers,"
                    + " one JSON object per line. Redacted, so the file can be shared.",
                    "  gatehouse logs export --server github --since 2d > github.jsonl"})
    static final class Export extends ApiCommand {

        @Mixin
        TrafficFilterOptions filters;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            String path = TrafficFilterOptions.query("/api/traffic/export", filters.parameters());
            try (InputStream stream = TrafficFilterOptions.checked(() -> api.stream(path, FOLLOW_IDLE));
                 BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.line(line);
                }
            } catch (IOException e) {
                throw CliFailure.io("the export broke off: " + e.getMessage());
            }
            return 0;
        }
    }
}
