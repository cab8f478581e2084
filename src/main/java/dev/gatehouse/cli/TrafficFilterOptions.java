package dev.gatehouse.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The filters of {@code gatehouse logs} and {@code logs export}, sent as the query parameters of
 * {@code /api/traffic}. The gateway checks them (a time it cannot read is refused with the forms it takes).
 */
final class TrafficFilterOptions {

    @Option(names = "--server", paramLabel = "NAME", description = "Only this server's exchanges.")
    String server;

    @Option(names = "--method", paramLabel = "METHOD", description = "Only this JSON-RPC method, e.g. tools/call.")
    String method;

    @Option(names = "--tool", paramLabel = "TOOL",
            description = "Only this tool, prompt or resource: its name, or server__name.")
    String tool;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session (its handle, or its id).")
    String session;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only since then: 90s, 15m, 1h, 2d, 1w, a date (2026-11-01) or an instant.")
    String since;

    @Option(names = "--errors", description = "Only failed exchanges (JSON-RPC errors and tool errors).")
    boolean errors;

    @Option(names = "--grep", paramLabel = "TEXT",
            description = "Only exchanges whose method, tool, error or bodies contain TEXT (any case).")
    String grep;

    /** The filters as query parameters, {@code name=value} each, encoded. */
    List<String> parameters() {
        List<String> parameters = new ArrayList<>();
        add(parameters, "server", server);
        add(parameters, "method", method);
        add(parameters, "tool", tool);
        add(parameters, "session", session);
        add(parameters, "since", since);
        if (errors) {
            parameters.add("errors=true");
        }
        add(parameters, "grep", grep);
        return parameters;
    }

    static void add(List<String> parameters, String name, Object value) {
        if (value != null) {
            parameters.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    /** {@code path} with {@code parameters} as its query. */
    static String query(String path, List<String> parameters) {
        return parameters.isEmpty() ? path : path + "?" + String.join("&", parameters);
    }

    /**
     * Runs a request whose filters the gateway may refuse, and turns a refused filter into a usage error that
     * names the option ({@code --since}, not the API's {@code 'since'}).
     */
    static <T> T checked(Request<T> request) throws CliFailure {
        try {
            return request.run();
        } catch (CliFailure failure) {
            if (failure.problem() != null && failure.problem().status() == 400) {
                String detail = failure.getMessage().replaceFirst("^'([a-z]+)' ", "--$1 ");
                throw CliFailure.usage(detail.replace("unknown parameter '", "unknown filter '"));
            }
            throw failure;
        }
    }

    @FunctionalInterface
    interface Request<T> {
        T run() throws CliFailure;
    }
}
