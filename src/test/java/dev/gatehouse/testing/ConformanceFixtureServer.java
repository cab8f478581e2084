package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.JSON;
import static dev.gatehouse.testing.FixtureContent.object;

import dev.gatehouse.config.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stdio MCP server (2025-11-25, newline-delimited JSON-RPC) offering every fixture name the official conformance
 * suite's server scenarios call, so a gateway can expose it unrenamed and be tested with the suite end to end, and
 * the era's experimental tasks ({@link FixtureTasks}). Logs go to stderr only.
 *
 * <p>Threads: the caller of {@link #run()} reads stdin and completes replies to server-to-client requests; each
 * client request is handled on its own virtual thread, so a tool waiting for a sampling or elicitation reply
 * never blocks reading that reply. Writes to stdout are serialized by {@code writeLock}, one line per message.
 */
public final class ConformanceFixtureServer implements FixtureClient {

    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    private static final List<String> LEVELS = FixtureContent.LOG_LEVELS;
    private static final Duration CLIENT_REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final BufferedReader in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final Map<String, CompletableFuture<JsonNode>> awaitingReply = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong();
    private final FixturePrompts prompts = new FixturePrompts();
    private final FixtureTools tools = new FixtureTools(prompts);
    private final FixtureResources resources = new FixtureResources();
    private final FixtureTasks tasks = new FixtureTasks();
    private volatile JsonNode clientCapabilities = object();
    private volatile int minLogLevel;

    public ConformanceFixtureServer(InputStream in, OutputStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    /**
     * A command line that starts this fixture as a child process with this JVM's java and class path, for a
     * gateway config or {@link ProcessBuilder}: {@code java -cp <test classpath> <this class>}.
     */
    public static List<String> command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", System.getProperty("java.class.path"), ConformanceFixtureServer.class.getName());
    }

    /** A gateway config entry that runs this fixture as the stdio server {@code name}. */
    public static ServerConfig server(String name, Duration timeout) {
        List<String> command = command();
        return new ServerConfig(name, command.getFirst(), command.subList(1, command.size()), Map.of(), null, true,
                timeout);
    }

    public static void main(String[] args) throws IOException {
        PrintStream stdout = System.out;
        System.setOut(System.err); // nothing but protocol messages may reach stdout
        new ConformanceFixtureServer(System.in, stdout).run();
    }

    /** Serves until stdin closes, then waits for requests in flight to finish. */
    public void run() throws IOException {
        try (ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor()) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    receive(line, handlers);
                }
            }
            awaitingReply.values().forEach(reply -> reply.completeExceptionally(
                    new FixtureError(FixtureError.INTERNAL_ERROR, "stdin closed before the client answered")));
            tasks.close();
        }
    }

    private void receive(String line, ExecutorService handlers) {
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JacksonException e) {
            writeError(NullNode.getInstance(), new FixtureError(-32700, "Parse error"));
            return;
        }
        JsonNode id = message.path("id");
        String method = message.path("method").asString(null);
        if (method == null) {
            CompletableFuture<JsonNode> reply = awaitingReply.get(id.toString());
            if (reply != null) {
                reply.complete(message);
            } else {
                System.err.println("conformance fixture: ignoring unexpected message " + line);
            }
        } else if (!id.isMissingNode()) {
            ObjectNode params = message.path("params") instanceof ObjectNode p ? p : object();
            handlers.submit(() -> handle(id, method, params));
        }
        // Notifications (initialized, cancelled, roots/list_changed) need no action from this fixture.
    }

    private void handle(JsonNode id, String method, ObjectNode params) {
        try {
            write(response(id).set("result", dispatch(method, params)));
            if (method.equals("resources/subscribe")) {
                resources.announceUpdate(params.path("uri").asString(), this);
            }
        } catch (FixtureError e) {
            writeError(id, e);
        } catch (RuntimeException e) {
            e.printStackTrace();
            writeError(id, new FixtureError(FixtureError.INTERNAL_ERROR, "Internal error in " + method));
        }
    }

    private ObjectNode dispatch(String method, ObjectNode params) {
        return switch (method) {
            case "initialize" -> initialize(params);
            case "ping" -> object();
            case "tools/list" -> {
                ObjectNode list = tools.list();
                ((tools.jackson.databind.node.ArrayNode) list.get("tools")).add(FixtureTasks.tool());
                yield list;
            }
            case "tools/call" -> params.path("name").asString("").equals(FixtureTasks.TOOL)
                    ? tasks.call(params, this) : tools.call(params, this);
            case "tasks/get", "tasks/result", "tasks/list", "tasks/cancel" -> tasks.answer(method, params, this);
            case "prompts/list" -> prompts.list();
            case "prompts/get" -> params.path("name").asString("").equals("test_input_required_result_prompt")
                    ? FixtureInputTools.prompt(this) : prompts.get(params);
            case "resources/list" -> resources.list();
            case "resources/templates/list" -> resources.templates();
            case "resources/read" -> resources.read(params);
            case "resources/subscribe" -> resources.subscribe(params, this);
            case "resources/unsubscribe" -> resources.unsubscribe(params, this);
            case "completion/complete" -> resources.complete(params);
            case "logging/setLevel" -> setLevel(params);
            default -> throw new FixtureError(FixtureError.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    private ObjectNode initialize(ObjectNode params) {
        clientCapabilities = params.path("capabilities");
        String requested = params.path("protocolVersion").asString("");
        ObjectNode result = object().put("protocolVersion",
                VERSIONS.contains(requested) ? requested : VERSIONS.getFirst());
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        capabilities.putObject("prompts").put("listChanged", true);
        capabilities.putObject("logging");
        capabilities.putObject("completions");
        capabilities.set("tasks", FixtureTasks.capability());
        result.putObject("serverInfo").put("name", "gatehouse-conformance-fixture").put("version", "1.0.0");
        return result;
    }

    private ObjectNode setLevel(ObjectNode params) {
        String level = params.path("level").asString("");
        if (!LEVELS.contains(level)) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "Unknown log level: " + level);
        }
        minLogLevel = LEVELS.indexOf(level);
        log("info", "Log level set to: " + level);
        return object();
    }

    @Override
    public boolean declared(String capability) {
        return clientCapabilities.has(capability);
    }

    @Override
    public void notify(String method, ObjectNode params) {
        ObjectNode message = object().put("jsonrpc", "2.0").put("method", method);
        write(message.set("params", params));
    }

    @Override
    public void log(String level, String data) {
        if (LEVELS.indexOf(level) >= minLogLevel) {
            notify("notifications/message",
                    object().put("level", level).put("logger", "conformance-fixture").put("data", data));
        }
    }

    @Override
    public JsonNode request(String method, ObjectNode params) {
        String id = "fixture-" + nextRequestId.incrementAndGet();
        JsonNode idNode = FixtureContent.NODES.stringNode(id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        awaitingReply.put(idNode.toString(), reply);
        try {
            ObjectNode message = object().put("jsonrpc", "2.0").put("id", id).put("method", method);
            write(message.set("params", params));
            JsonNode response = reply.get(CLIENT_REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode error = response.path("error");
            if (!error.isMissingNode()) {
                throw new FixtureError(error.path("code").asInt(FixtureError.INTERNAL_ERROR),
                        error.path("message").asString("client error"), error.get("data"));
            }
            return response.path("result");
        } catch (TimeoutException e) {
            throw new FixtureError(FixtureError.INTERNAL_ERROR,
                    "client did not answer " + method + " (" + id + ") within " + CLIENT_REPLY_TIMEOUT);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof FixtureError f ? f
                    : new FixtureError(FixtureError.INTERNAL_ERROR, "no reply to " + method);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureError(FixtureError.INTERNAL_ERROR, "interrupted waiting for " + method);
        } finally {
            awaitingReply.remove(idNode.toString());
        }
    }

    private static ObjectNode response(JsonNode id) {
        ObjectNode message = object().put("jsonrpc", "2.0");
        message.set("id", id);
        return message;
    }

    private void writeError(JsonNode id, FixtureError e) {
        ObjectNode error = object().put("code", e.code()).put("message", e.getMessage());
        if (e.data() != null) {
            error.set("data", e.data());
        }
        write(response(id).set("error", error));
    }

    private void write(JsonNode message) {
        byte[] line = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("stdout closed", e);
            }
        }
    }
}
