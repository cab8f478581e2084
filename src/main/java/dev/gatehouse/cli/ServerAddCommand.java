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
                "  stdio:  gatehouse server add NAME [--env K=V]... [--era ERA] -- COMMAND [ARGS...]",
                "  remote: gatehouse server add NAME --url URL [--header K=V]... [--auth oauth] [--client-id ID]",
                "Secrets go in the vault first ('gatehouse secret set NAME') and are referenced as ${secret:NAME}."})
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

    @Option(names = "--era", paramLabel = "ERA", description = "A stdio server's MCP era: auto, legacy or modern.")
    String era;

    @Option(names = "--transport", paramLabel = "T",
            description = "A remote server's transport: auto, streamable-http or sse.")
    String transport;

    @Option(names = "--auth", paramLabel = "MODE",
            description = "auto (OAuth once the server answers 401) or oauth (sign in before the first request).")
    String auth;

    @Option(names = "--client-id", paramLabel = "ID", description = "A pre-registered OAuth client id.")
    String clientId;

    @Option(names = "--client-secret", paramLabel = "SECRET",
            description = "The vault name of that client's secret (never the secret itself).")
    String clientSecret;

    @Option(names = "--client-metadata-url", paramLabel = "URL",
            description = "A Client ID Metadata Document URL to register with.")
    String clientMetadataUrl;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "An OAuth scope to ask for (repeatable).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--capture", paramLabel = "MODE", description = "Traffic capture: full, metadata or off.")
    String capture;

    @Option(names = "--allow-tool", paramLabel = "GLOB", description = "Show only tools matching (repeatable).")
    List<String> allowTools = new ArrayList<>();

    @Option(names = "--deny-tool", paramLabel = "GLOB", description = "Hide tools matching (repeatable).")
    List<String> denyTools = new ArrayList<>();

    @Option(names = "--approve-new-tools", paramLabel = "MODE",
            description = "auto (pin tools on first sight) or manual (hide new tools until approved).")
    String approveNewTools;

    @Option(names = "--lazy", description = "Start the server on first use instead of with the gateway.")
    boolean lazy;

    @Option(names = "--disabled", description = "Add it disabled.")
    boolean disabled;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        if (command.isEmpty() == (url == null)) {
            throw CliFailure.usage("give either a command after '--' or --url URL");
        }
        boolean remoteOptions = !headers.isEmpty() || transport != null || auth != null || oauthClient() != null;
        if (url != null && (!env.isEmpty() || era != null) || url == null && remoteOptions) {
            throw CliFailure.usage("--env and --era are for stdio servers; --header, --transport, --auth and the"
                    + " OAuth client options for remote ones");
        }
        ServerSpec spec = new ServerSpec(name, url == null ? command.getFirst() : null,
                url == null ? command.subList(1, command.size()) : null, url == null ? pairs("--env", env) : null,
                null, era, url, url == null ? null : pairs("--header", headers), transport, auth, oauthClient(),
                disabled ? false : null, null, lazy ? "lazy" : null, null, null, capture, orNull(allowTools),
                orNull(denyTools), approveNewTools);
        ActionResult result = api.post("/api/servers", spec, ActionResult.class);
        if (out.json()) {
            out.json(result);
        } else {
            out.line(result.message());
        }
        return 0;
    }

    private ServerSpec.OAuthClient oauthClient() {
        if (clientId == null && clientSecret == null && clientMetadataUrl == null && scopes.isEmpty()) {
            return null;
        }
        return new ServerSpec.OAuthClient(clientId, clientSecret, clientMetadataUrl, orNull(scopes));
    }

    private static List<String> orNull(List<String> values) {
        return values.isEmpty() ? null : values;
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
