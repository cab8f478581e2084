package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.ServerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse server add NAME -- COMMAND ARGS…} or {@code gatehouse server add NAME --url URL}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a server to config.toml and start it.",
                "  stdio:  gatehouse server add NAME [--env K=V]... -- COMMAND [ARGS...]",
                "  remote: gatehouse server add NAME --url URL [--header K=V]..."})
final class ServerAddCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name (its tools appear as NAME__tool).")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*",
            description = "The command and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", description = "The URL of a remote server.")
    String url;

    @Option(names = "--header", paramLabel = "K=V", description = "A header sent to a remote server.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for a stdio server.")
    List<String> env = new ArrayList<>();

    @Option(names = "--lazy", description = "Start the server on first use instead of with the gateway.")
    boolean lazy;

    @Option(names = "--disabled", description = "Add it disabled.")
    boolean disabled;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        if (command.isEmpty() == (url == null)) {
            throw CliFailure.usage("give either a command after '--' or --url URL");
        }
        if (url != null && !env.isEmpty() || url == null && !headers.isEmpty()) {
            throw CliFailure.usage("--env is for stdio servers and --header for remote ones");
        }
        ServerSpec spec = new ServerSpec(name, url == null ? command.getFirst() : null,
                url == null ? command.subList(1, command.size()) : null, url == null ? pairs("--env", env) : null,
                null, url, url == null ? null : pairs("--header", headers), null, disabled ? false : null, null,
                lazy ? "lazy" : null, null, null);
        ActionResult result = api.post("/api/servers", spec, ActionResult.class);
        if (out.json()) {
            out.json(result);
        } else {
            out.line(result.message());
        }
        return 0;
    }

    private static Map<String, String> pairs(String option, List<String> values) throws CliFailure {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String value : values) {
            int at = value.indexOf('=');
            if (at <= 0) {
                throw CliFailure.usage(option + " takes KEY=VALUE");
            }
            pairs.put(value.substring(0, at), value.substring(at + 1));
        }
        return pairs;
    }
}
