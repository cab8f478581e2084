package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP 2026-07-28 ("modern") server over Streamable HTTP on loopback, written from the specification: no session,
 * {@code server/discover}, tools that ask their client for input the modern way (an {@code input_required} result
 * with the server's own opaque {@code requestState}, completed by the client's retry), a resource whose updates come
 * on {@code subscriptions/listen}, and a tool that reports the log level its request carried. It also serves the
 * legacy fixture's content (every tool, prompt, resource and completion the conformance suite asks for, through
 * {@link ModernFixtureExchange}) and the tasks extension ({@link ModernFixtureTasks}), so the whole 2026-07-28
 * requirement set can run against it. It records every request body it receives, so tests can see what a gateway
 * sent.
 */
public final class ModernFixtureServer implements AutoCloseable {

    public static final String WATCHED = "test://modern/watched";
    private static final String VERSION = "2026-07-28";
    /** The conformance suite's MRTR tool, which asks under the key it names itself. */
    private static final String INPUT_TOOL = "test_input_required_result_elicitation";
    /** The tools written for this fixture; every other name but the tasks' is the legacy fixture's content. */
    private static final List<String> OWN_TOOLS =
            List.of("ask_sampling", "ask_elicitation", "ask_twice", "report_log_level", INPUT_TOOL);

    private final Server server = new Server();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The answers given so far under each {@code requestState} this server issued and has not seen back. */
    private final Map<String, Map<String, JsonNode>> issuedStates = new ConcurrentHashMap<>();
    private final List<String> watched;
    private final ModernFixtureTasks tasks = new ModernFixtureTasks();
    private final ModernFixtureListeners listeners;
    private final FixturePrompts prompts = new FixturePrompts();
    private final FixtureTools fixtureTools = new FixtureTools(prompts);
    private final FixtureResources resources = new FixtureResources();
    private final int port;

    /** Serves {@link #WATCHED} and sends an update for each subscribed resource as soon as a listen stream opens. */
    public ModernFixtureServer() throws Exception {
        this(List.of(WATCHED), true);
    }

    /** Serves the resources {@code uris}, whose updates are sent only when a test calls {@link #update}. */
    public static ModernFixtureServer watching(String... uris) throws Exception {
        return new ModernFixtureServer(List.of(uris), false);
    }

    private ModernFixtureServer(List<String> watched, boolean announceOnListen) throws Exception {
        this.watched = watched;
        this.listeners = new ModernFixtureListeners(tasks, announceOnListen);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    serve(request, response);
                    callback.succeeded();
                } catch (IOException | RuntimeException e) {
                    callback.failed(e);
                }
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    /** Every request body received, in order. */
    public List<JsonNode> received(String method) {
        return received.stream().filter(r -> method.equals(r.path("method").asString(""))).toList();
    }

    private void serve(Request request, Response response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setStatus(405);
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
            return;
        }
        JsonNode body = FixtureContent.JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
        received.add(body);
        String method = body.path("method").asString("");
        ObjectNode params = body.path("params") instanceof ObjectNode p ? p : object();
        if (!body.has("id")) {
            response.setStatus(202);
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
            return;
        }
        if (!VERSION.equals(request.getHeaders().get("MCP-Protocol-Version"))
                || !VERSION.equals(params.path("_meta").path("io.modelcontextprotocol/protocolVersion").asString(""))) {
            ModernFixtureReply.json(response, 400, error(body, -32022, "Unsupported protocol version"));
            return;
        }
        if (method.equals("subscriptions/listen")) {
            if (params.path("notifications").has("taskIds") && !ModernFixtureTasks.declared(params)) {
                ModernFixtureReply.json(response, 200, error(body, ModernFixtureTasks.MISSING_CLIENT_CAPABILITY,
                        "Missing required client capability: task notifications need the tasks extension"));
                return;
            }
            listeners.listen(body, params, response);
            return;
        }
        ModernFixtureReply reply = new ModernFixtureReply(response);
        try {
            ObjectNode result = envelope(body);
            result.set("result", answer(method, params, reply));
            reply.finish(200, result);
        } catch (FixtureError e) {
            ObjectNode result = error(body, e.code(), e.getMessage());
            if (e.data() != null) {
                ((ObjectNode) result.get("error")).set("data", e.data());
            }
            reply.finish(switch (e.code()) {
                case -32601 -> 404;
                case ModernFixtureTasks.MISSING_CLIENT_CAPABILITY -> 400;
                default -> 200;
            }, result);
        }
    }

    private ObjectNode answer(String method, ObjectNode params, ModernFixtureReply reply) {
        return switch (method) {
            case "server/discover" -> discover();
            case "tools/list" -> cacheable(tools());
            case "tools/call" -> call(params, reply);
            case "tasks/get", "tasks/update", "tasks/cancel" -> tasks.answer(method, params);
            case "prompts/list" -> cacheable(prompts.list());
            case "prompts/get" -> rounds(params, reply, client -> params.path("name").asString("")
                    .equals("test_input_required_result_prompt") ? FixtureInputTools.prompt(client)
                    : prompts.get(params));
            case "resources/list" -> {
                ObjectNode result = resources.list();
                var list = (tools.jackson.databind.node.ArrayNode) result.get("resources");
                watched.forEach(uri -> list.add(object().put("uri", uri).put("name", "watched")));
                yield cacheable(result);
            }
            case "resources/templates/list" -> cacheable(resources.templates());
            case "resources/read" -> {
                String uri = params.path("uri").asString("");
                if (!watched.contains(uri)) {
                    yield cacheable(resources.read(params));
                }
                ObjectNode result = object();
                result.putArray("contents").add(object().put("uri", uri).put("mimeType", "text/plain")
                        .put("text", "watched text"));
                yield cacheable(result);
            }
            case "completion/complete" -> resources.complete(params).put("resultType", "complete");
            default -> throw new FixtureError(-32601, "Method not found: " + method);
        };
    }

    /**
     * Runs one of the legacy fixture's handlers the modern way ({@link ModernFixtureExchange}): with the answers
     * given so far, it either completes or asks every question it has, under a fresh {@code requestState} that
     * remembers those answers.
     */
    private ObjectNode rounds(ObjectNode params, ModernFixtureReply reply,
            java.util.function.Function<FixtureClient, ObjectNode> handler) {
        Map<String, JsonNode> answers = new HashMap<>(priorAnswers(params));
        params.path("inputResponses").properties().forEach(e -> answers.put(e.getKey(), e.getValue()));
        ModernFixtureExchange exchange = new ModernFixtureExchange(params, answers, reply::notification,
                listeners::send);
        try {
            return handler.apply(exchange).put("resultType", "complete");
        } catch (RuntimeException e) {
            // Not only InputNeeded: a handler asking in parallel sees it wrapped (CompletionException). What the
            // exchange recorded decides; a failure that asked nothing is the handler's own and goes on.
            Map<String, ObjectNode> asked = exchange.asked();
            if (asked.isEmpty()) {
                throw e;
            }
            String state = "opaque-" + UUID.randomUUID();
            issuedStates.put(state, Map.copyOf(answers));
            ObjectNode result = object().put("resultType", "input_required");
            asked.forEach(result.putObject("inputRequests")::set);
            return result.put("requestState", state);
        }
    }

    /** The answers remembered under the request's {@code requestState}; one this server did not issue is refused. */
    private Map<String, JsonNode> priorAnswers(ObjectNode params) {
        String state = params.path("requestState").asString(null);
        if (state == null) {
            return Map.of();
        }
        Map<String, JsonNode> prior = issuedStates.remove(state);
        if (prior == null) {
            throw new FixtureError(-32602, "Invalid params: requestState was not issued by this server");
        }
        return prior;
    }

    private static ObjectNode discover() {
        ObjectNode result = object().put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "private");
        result.putArray("supportedVersions").add(VERSION);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        capabilities.putObject("prompts").put("listChanged", true);
        capabilities.putObject("completions");
        capabilities.putObject("logging");
        capabilities.putObject("extensions").putObject(ModernFixtureTasks.EXTENSION);
        result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "modern-fixture")
                .put("version", "1.0.0");
        return result;
    }

    private ObjectNode tools() {
        ObjectNode result = object();
        var list = result.putArray("tools");
        for (String name : OWN_TOOLS.subList(0, OWN_TOOLS.size() - 1)) {
            list.add(object().put("name", name).put("description", "modern fixture tool " + name)
                    .set("inputSchema", object().put("type", "object")));
        }
        list.add(object().put("name", INPUT_TOOL).put("description", "asks for the user's name under user_name")
                .set("inputSchema", object().put("type", "object")));
        fixtureTools.list().path("tools").forEach(tool -> {
            if (!tool.path("name").asString("").equals(INPUT_TOOL)) {
                list.add(tool);
            }
        });
        ModernFixtureTasks.tools().forEach(list::add);
        return result;
    }

    /** Each asking tool: the first request asks, the retry (with the echoed state) completes or asks again. */
    private ObjectNode call(ObjectNode params, ModernFixtureReply reply) {
        String name = params.path("name").asString("");
        JsonNode responses = params.path("inputResponses");
        if (!OWN_TOOLS.contains(name) && !ModernFixtureTasks.offers(name)) {
            return rounds(params, reply, client -> fixtureTools.call(params, client));
        }
        priorAnswers(params);
        return switch (name) {
            case "ask_sampling" -> responses.has("reply")
                    ? complete("LLM said: " + responses.path("reply").path("content").path("text").asString())
                    : ask("reply", "sampling/createMessage", FixtureInputTools.sample("Say something")
                            .put("maxTokens", 20), "sampling");
            case "ask_elicitation" -> responses.has("who")
                    ? complete("Elicited: " + responses.path("who").path("action").asString() + " "
                            + responses.path("who").path("content"))
                    : ask("who", "elicitation/create", FixtureInputTools.form("Who are you?", "name", "string"),
                            "elicitation");
            case "ask_twice" -> responses.has("second")
                    ? complete("Both answered: " + responses.path("second").path("content").path("color").asString())
                    : responses.has("first")
                    ? ask("second", "elicitation/create", FixtureInputTools.form("Colour?", "color", "string"),
                            "elicitation")
                    : ask("first", "elicitation/create", FixtureInputTools.form("Name?", "name", "string"),
                            "elicitation");
            case "report_log_level" -> complete("logLevel="
                    + params.path("_meta").path("io.modelcontextprotocol/logLevel").asString("none"));
            case INPUT_TOOL -> userName(params, responses)
                    .map(user -> complete("Hello, " + user + "!")).orElseGet(this::askUserName);
            case "test_tool_with_task" -> {
                if (!ModernFixtureTasks.declared(params)) {
                    yield tasks.call(name, params, null);
                }
                yield userName(params, responses).map(user -> tasks.call(name, params, user))
                        .orElseGet(this::askUserName);
            }
            default -> {
                if (ModernFixtureTasks.offers(name)) {
                    yield tasks.call(name, params, null);
                }
                throw new FixtureError(-32602, "Unknown tool: " + name);
            }
        };
    }

    private ObjectNode askUserName() {
        return ask("user_name", "elicitation/create", FixtureInputTools.form("What is your name?", "name", "string"),
                "elicitation");
    }

    /**
     * The name answered under the server's own key {@code user_name}, if the request carries one. Keys it did not ask
     * for are ignored; {@code inputResponses} that is not an object, or an answer that is not an elicitation result,
     * is refused.
     */
    private static Optional<String> userName(ObjectNode params, JsonNode responses) {
        if (!params.has("inputResponses")) {
            return Optional.empty();
        }
        if (!responses.isObject()) {
            throw new FixtureError(-32602, "Invalid params: inputResponses must be an object");
        }
        JsonNode answer = responses.get("user_name");
        if (answer == null) {
            return Optional.empty();
        }
        if (!answer.isObject() || !answer.path("action").isString()) {
            throw new FixtureError(-32602, "Invalid params: inputResponses.user_name must be an elicitation result");
        }
        if (!answer.path("action").asString().equals("accept")) {
            throw new FixtureError(-32602, "Invalid params: the user declined to give a name");
        }
        return Optional.of(answer.path("content").path("name").asString("stranger"));
    }

    private ObjectNode ask(String key, String method, ObjectNode askParams, String capability) {
        String state = "opaque-" + UUID.randomUUID();
        issuedStates.put(state, Map.of());
        ObjectNode result = object().put("resultType", "input_required");
        result.putObject("inputRequests").putObject(key).put("method", method).set("params", askParams);
        result.put("requestState", state);
        result.putObject("_meta").put("fixture/needs", capability);
        return result;
    }

    private static ObjectNode complete(String text) {
        return toolResult(text(text)).put("resultType", "complete");
    }

    private static ObjectNode cacheable(ObjectNode result) {
        return result.put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "private");
    }

    /** Holds every new listen request before it is answered, until {@link #releaseListens()}. */
    public void holdListens() {
        listeners.holdListens();
    }

    public void releaseListens() {
        listeners.releaseListens();
    }

    /** Ends every open listen stream, as a server that lost them would; clients must listen again. */
    public void dropListens() {
        listeners.dropAll();
    }

    /** Whether a listen stream asking about {@code uri} is open now. */
    public boolean listeningTo(String uri) {
        return listeners.listeningTo(uri);
    }

    /** The resources the open listen streams ask about. */
    public Set<String> listenedResources() {
        return listeners.listenedResources();
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} on every listen stream that asked about it. */
    public void update(String uri) {
        listeners.update(uri);
    }

    private static ObjectNode envelope(JsonNode body) {
        ObjectNode message = object().put("jsonrpc", "2.0");
        message.set("id", body.get("id"));
        return message;
    }

    private static ObjectNode error(JsonNode body, int code, String message) {
        ObjectNode error = envelope(body);
        error.putObject("error").put("code", code).put("message", message);
        return error;
    }

    @Override
    public void close() throws Exception {
        listeners.close();
        server.stop();
        tasks.close();
    }
}
