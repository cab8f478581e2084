package dev.gatehouse.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code gatehouse logs sessions|notifications|events}: what the capture keeps beside exchanges, newest first, as
 * a table (or the API's answer with {@code --json}).
 */
final class LogsHistoryCommands {

    private LogsHistoryCommands() {
    }

    /** The options and the printing the three lists share; each names its resource and columns. */
    abstract static class Listing extends ApiCommand {

        @Option(names = "--since", paramLabel = "WHEN", description = "Only since then: 15m, 1h, 2d, a date or an"
                + " instant.")
        String since;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (1 to 10000, default 50).")
        Integer limit;

        abstract String resource();

        abstract String server();

        abstract List<String> header();

        abstract Function<JsonNode, List<String>> row();

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            List<String> parameters = new ArrayList<>();
            TrafficFilterOptions.add(parameters, "since", since);
            TrafficFilterOptions.add(parameters, "server", server());
            TrafficFilterOptions.add(parameters, "limit", limit);
            JsonNode answer = TrafficFilterOptions.checked(() -> api.get(TrafficFilterOptions.query(
                    "/api/traffic/" + resource(), parameters), JsonNode.class));
            if (out.json()) {
                out.json(answer);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            answer.path(resource()).forEach(entry -> rows.add(row().apply(entry)));
            if (rows.isEmpty()) {
                out.line("nothing recorded");
            } else {
                out.table(header(), rows);
            }
            return 0;
        }
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true,
            description = "Client sessions as recorded: client, protocol version, transport, start and end.")
    static final class Sessions extends Listing {
        @Override
        String resource() {
            return "sessions";
        }

        @Override
        String server() {
            return null;
        }

        @Override
        List<String> header() {
            return List.of("SESSION", "CLIENT", "PROTOCOL", "TRANSPORT", "ENDPOINT", "STARTED", "ENDED");
        }

        @Override
        Function<JsonNode, List<String>> row() {
            return s -> List.of(s.path("id").asString(), ExchangeLines.text(s, "clientName") + " "
                    + ExchangeLines.text(s, "clientVersion"), ExchangeLines.text(s, "protocolVersion"),
                    s.path("transport").asString(), ExchangeLines.text(s, "endpoint"),
                    s.path("startedAt").asString(), dash(ExchangeLines.text(s, "endedAt")));
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Servers' lifecycle as recorded: start, ready, crash (with exit code), restart, stop.")
    static final class Events extends Listing {
        @Option(names = "--server", paramLabel = "NAME", description = "Only this server.")
        String server;

        @Override
        String resource() {
            return "events";
        }

        @Override
        String server() {
            return server;
        }

        @Override
        List<String> header() {
            return List.of("ID", "AT", "SERVER", "EVENT", "EXIT", "RESTARTS", "DETAIL");
        }

        @Override
        Function<JsonNode, List<String>> row() {
            return e -> List.of(e.path("id").asString(), e.path("at").asString(), e.path("server").asString(),
                    e.path("event").asString(), dash(ExchangeLines.text(e, "exitCode")), e.path("restarts")
                            .asString(), dash(ExchangeLines.text(e, "detail")));
        }
    }

    @Command(name = "notifications", mixinStandardHelpOptions = true,
            description = "Notifications as recorded (progress, log messages, list changes), either way.")
    static final class Notifications extends Listing {
        @Option(names = "--server", paramLabel = "NAME", description = "Only this server.")
        String server;

        @Override
        String resource() {
            return "notifications";
        }

        @Override
        String server() {
            return server;
        }

        @Override
        List<String> header() {
            return List.of("ID", "AT", "SERVER", "DIRECTION", "METHOD", "SIZE");
        }

        @Override
        Function<JsonNode, List<String>> row() {
            return n -> List.of(n.path("id").asString(), n.path("at").asString(), n.path("server").asString(),
                    n.path("direction").asString().replace('_', ' '), n.path("method").asString(),
                    ExchangeLines.bytes(n.path("bytes").asLong()));
        }
    }

    private static String dash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
