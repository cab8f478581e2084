package dev.gatehouse.probe;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.config.RemoteRules;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.oauth.ClientSettings;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.net.ServerClient;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.upstream.http.RemoteOptions;
import dev.gatehouse.upstream.http.StreamableHttpUpstream;
import dev.gatehouse.upstream.stdio.ChildSpawner;
import dev.gatehouse.upstream.stdio.StdioOptions;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gatehouse probe URL | -- COMMAND ARGS…}: connects to one MCP server with the gateway's own upstream code
 * and shows what it offers, so a server can be tried before it is added. Also the client the MCP conformance
 * suite drives: when {@code MCP_CONFORMANCE_SCENARIO} is set, the probe exercises everything it lists, with the
 * tool arguments {@code MCP_CONFORMANCE_CONTEXT} gives (its {@code toolCalls}).
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connect to one MCP server and show its era, version, capabilities, tools, prompts and"
                + " resources.", "Exit codes: 0 done, 2 usage, 3 could not connect, 4 the call failed."})
public final class ProbeCommand implements Callable<Integer> {

    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREACHABLE = 3;
    static final int EXIT_CALL_FAILED = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCENARIO_VARIABLE = "MCP_CONFORMANCE_SCENARIO";
    private static final String CONTEXT_VARIABLE = "MCP_CONFORMANCE_CONTEXT";

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    private boolean json;

    @Option(names = "--call", paramLabel = "TOOL", description = "Call this tool after listing.")
    private String call;

    @Option(names = "--args", paramLabel = "JSON", description = "The tool's arguments, a JSON object (default {}).")
    private String args;

    @Option(names = "--exercise", description = "Call every tool (arguments from each schema's defaults), get every"
            + " prompt and read every resource. Only for servers you trust to do nothing harmful.")
    private boolean exercise;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME=VALUE", description = "An HTTP header for a URL server.")
    private Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, streamable-http or sse (default ${DEFAULT-VALUE}).")
    private String transport;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long each request may take (default ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--oauth-headless", description = "When the server asks for OAuth sign-in, follow the"
            + " authorization URL without a browser (for authorization servers that approve at once, as in tests).")
    private boolean oauthHeadless;

    @Option(names = "--client-metadata-url", paramLabel = "URL", description = "The Client ID Metadata Document"
            + " URL to use as client id where the authorization server supports it.")
    private URI clientMetadataUrl;

    @Option(names = "--oauth-loopback", description = "Development: let OAuth discovery reach plain http on"
            + " loopback hosts (an authorization server on this machine).")
    private boolean oauthLoopback;

    @Parameters(arity = "1..*", paramLabel = "URL | COMMAND ARGS",
            description = "An http(s) URL, or (after --) a command that runs a stdio server.")
    private List<String> target = new ArrayList<>();

    private final Map<String, String> environment;

    public ProbeCommand() {
        this(System.getenv());
    }

    ProbeCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> problem = validate();
        if (problem.isPresent()) {
            err.println("gatehouse probe: " + problem.get());
            return EXIT_USAGE;
        }
        Map<String, ObjectNode> contextArguments = conformanceToolCalls(err);
        boolean exerciseAll = exercise || environment.containsKey(SCENARIO_VARIABLE);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-probe-timers").factory());
        ProbeSignIn signIn = signIn(err);
        Connection connection = null;
        try {
            connection = connect(timeout, scheduler, signIn);
            ServerHandshake handshake;
            while (true) {
                try {
                    handshake = new Probe(connection.upstream(), timeout, () -> false).connect();
                    break;
                } catch (GatewayFailure failure) {
                    if (signIn == null || !signIn.recover()) {
                        err.println("gatehouse probe: " + failure.getMessage());
                        return EXIT_UNREACHABLE;
                    }
                    connection.close();
                    connection = connect(timeout, scheduler, signIn);
                }
            }
            Probe probe = new Probe(connection.upstream(), timeout, signIn == null ? () -> false : signIn::recover);
            ProbeOutput.Report report = explore(probe, handshake, connection.upstream().transport(), exerciseAll,
                    contextArguments);
            if (json) {
                ProbeOutput.json(spec.commandLine().getOut(), JSON, report);
            } else {
                ProbeOutput.text(spec.commandLine().getOut(), report);
            }
            boolean callFailed = call != null && report.outcomes().getFirst().failed();
            return callFailed ? EXIT_CALL_FAILED : 0;
        } finally {
            if (connection != null) {
                connection.close();
            }
            if (signIn != null) {
                signIn.close();
            }
            scheduler.shutdownNow();
        }
    }

    /** The OAuth client of a URL probe: client settings from the options and the conformance context. */
    private ProbeSignIn signIn(PrintWriter err) throws Exception {
        Optional<URI> url = url();
        if (url.isEmpty() || !oauthHeadless) {
            return null;
        }
        JsonNode context = environment.containsKey(CONTEXT_VARIABLE) ? parseObject(environment.get(CONTEXT_VARIABLE))
                : null;
        ClientSettings settings = new ClientSettings(ProbeSignIn.REDIRECT_URI, "Gatehouse probe",
                text(context, "client_id"), text(context, "client_id").flatMap(id -> text(context, "client_secret")),
                text(context, "issuer"), Optional.ofNullable(clientMetadataUrl));
        return ProbeSignIn.start("probe", url.get(), settings, oauthLoopback, err);
    }

    private static Optional<String> text(JsonNode context, String field) {
        return context != null && context.path(field).isString() ? Optional.of(context.get(field).stringValue())
                : Optional.empty();
    }

    private Optional<String> validate() {
        if (args != null && call == null) {
            return Optional.of("--args needs --call");
        }
        if (args != null && !(parseObject(args) instanceof ObjectNode)) {
            return Optional.of("--args must be a JSON object");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            return Optional.of("--timeout must be between 1 and 3600 seconds");
        }
        if (ServerConfig.RemoteTransport.fromLabel(transport).isEmpty()) {
            return Optional.of("--transport must be one of: auto, streamable-http, sse");
        }
        Optional<URI> url = url();
        if (url.isPresent()) {
            Optional<String> urlProblem = RemoteRules.problemWithUrl(url.get());
            if (urlProblem.isPresent()) {
                return Optional.of("the URL " + urlProblem.get());
            }
            for (Map.Entry<String, String> header : headers.entrySet()) {
                Optional<String> headerProblem = RemoteRules.problemWithHeaderName(header.getKey())
                        .or(() -> RemoteRules.problemWithHeaderValue(header.getKey(), header.getValue()));
                if (headerProblem.isPresent()) {
                    return headerProblem;
                }
            }
        } else if (!headers.isEmpty()) {
            return Optional.of("--header applies to URL servers only");
        }
        return Optional.empty();
    }

    /** The target as a URL when it is exactly one http(s) URL; otherwise it is a command. */
    private Optional<URI> url() {
        if (target.size() != 1 || !target.getFirst().matches("(?i)https?://.*")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(target.getFirst()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private ProbeOutput.Report explore(Probe probe, ServerHandshake handshake, String transportName,
                                       boolean exerciseAll, Map<String, ObjectNode> contextArguments) {
        ObjectNode capabilities = handshake.capabilities();
        List<JsonNode> tools = capabilities.has("tools") ? probe.list(McpMethods.TOOLS_LIST, "tools") : List.of();
        List<JsonNode> prompts = capabilities.has("prompts")
                ? probe.list(McpMethods.PROMPTS_LIST, "prompts") : List.of();
        boolean resourcesOffered = capabilities.has("resources");
        List<JsonNode> resources = resourcesOffered ? probe.list(McpMethods.RESOURCES_LIST, "resources") : List.of();
        List<JsonNode> templates = resourcesOffered
                ? probe.list(McpMethods.RESOURCE_TEMPLATES_LIST, "resourceTemplates") : List.of();
        List<Probe.Outcome> outcomes = new ArrayList<>();
        if (call != null) {
            outcomes.add(probe.callTool(call, args == null ? JsonNodeFactory.instance.objectNode()
                    : (ObjectNode) parseObject(args)));
        }
        if (exerciseAll) {
            for (JsonNode tool : tools) {
                String name = tool.path("name").asString("");
                outcomes.add(probe.callTool(name, contextArguments.getOrDefault(name,
                        ExampleArguments.forSchema(tool.path("inputSchema")))));
            }
            for (JsonNode prompt : prompts) {
                ObjectNode arguments = JsonNodeFactory.instance.objectNode();
                prompt.path("arguments").values().forEach(argument -> {
                    if (argument.path("required").asBoolean(false)) {
                        arguments.put(argument.path("name").asString(""), "example");
                    }
                });
                outcomes.add(probe.getPrompt(prompt.path("name").asString(""), arguments));
            }
            for (JsonNode resource : resources) {
                outcomes.add(probe.readResource(resource.path("uri").asString("")));
            }
        }
        return new ProbeOutput.Report(handshake, transportName, tools, prompts, resources, templates, outcomes);
    }

    /** The arguments the conformance harness wants for named tools, from its context; empty when it gave none. */
    private Map<String, ObjectNode> conformanceToolCalls(PrintWriter err) {
        String context = environment.get(CONTEXT_VARIABLE);
        Map<String, ObjectNode> arguments = new LinkedHashMap<>();
        if (context == null) {
            return arguments;
        }
        JsonNode parsed = parseObject(context);
        if (parsed == null) {
            err.println("gatehouse probe: ignoring " + CONTEXT_VARIABLE + ", which is not a JSON object");
            return arguments;
        }
        for (JsonNode toolCall : parsed.path("toolCalls").values()) {
            if (toolCall.path("name").isString() && toolCall.get("arguments") instanceof ObjectNode given) {
                arguments.put(toolCall.get("name").stringValue(), given);
            }
        }
        return arguments;
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The upstream and what it needs, closed together. */
    private record Connection(Upstream upstream, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                upstream.close();
            } finally {
                resources.close();
            }
        }
    }

    private Connection connect(Duration timeout, ScheduledExecutorService scheduler, ProbeSignIn signIn)
            throws Exception {
        ProbeAnswers answers = new ProbeAnswers();
        Optional<URI> url = url();
        if (url.isPresent()) {
            ServerConfig.Remote endpoint = new ServerConfig.Remote(url.get(), headers,
                    ServerConfig.RemoteTransport.fromLabel(transport).orElseThrow());
            ServerClient http = RemoteOptions.startClient(HostLookup.SYSTEM);
            RemoteOptions options = RemoteOptions.defaults(http, scheduler)
                    .withClientCapabilities(ProbeAnswers.capabilities());
            if (signIn != null) {
                options = options.withCredentials(signIn.credentials());
            }
            return new Connection(new StreamableHttpUpstream(ServerConfig.remote("probe", endpoint, true, timeout),
                    answers, options), http);
        }
        ChildSpawner spawner = ChildSpawner.start();
        ServerConfig server = new ServerConfig("probe", target.getFirst(), target.subList(1, target.size()),
                Map.of(), null, true, timeout);
        return new Connection(new StdioUpstream(server, answers, spawner, StdioOptions.defaults(scheduler)),
                spawner);
    }
}
