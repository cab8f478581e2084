package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * on {@code subscriptions/listen}, and a tool that reports the log level its request carried. It records every
 * request body it receives, so tests can see what a gateway sent.
 */
public final class ModernFixtureServer implements AutoCloseable {

    public static final String WATCHED = "test://modern/watched";
    private static final String VERSION = "2026-07-28";
    /** The conformance suite's MRTR tool, which asks under the key it names itself. */
    private static final String INPUT_TOOL = "test_input_required_result_elicitation";

    private final Server server = new Server();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final Set<String> issuedStates = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> watched;
    private final boolean announceOnListen;
    private volatile CountDownLatch listenGate = new CountDownLatch(0);
    private final ModernFixtureTasks tasks = new ModernFixtureTasks();
    private final int port;

    /** An open {@code subscriptions/listen} stream and the resources it asked about. */
    private record Listener(Response response, JsonNode id, Set<String> resources) {
    }

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
        this.announceOnListen = announceOnListen;
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
            json(response, 400, error(body, -32022, "Unsupported protocol version"));
            return;
        }
        if (method.equals("subscriptions/listen")) {
            if (params.path("notifications").has("taskIds") && !ModernFixtureTasks.declared(params)) {
                json(response, 200, error(body, ModernFixtureTasks.MISSING_CLIENT_CAPABILITY,
                        "Missing required client capability: task notifications need the tasks extension"));
                return;
            }
            listen(body, params, response);
            return;
        }
        try {
            ObjectNode reply = envelope(body);
            reply.set("result", answer(method, params));
            json(response, 200, reply);
        } catch (FixtureError e) {
            ObjectNode reply = error(body, e.code(), e.getMessage());
            if (e.data() != null) {
                ((ObjectNode) reply.get("error")).set("data", e.data());
            }
            json(response, e.code() == -32601 ? 404 : 200, reply);
        }
    }

    private ObjectNode answer(String method, ObjectNode params) {
        return switch (method) {
            case "server/discover" -> discover();
            case "tools/list" -> cacheable(tools());
            case "tools/call" -> call(params);
            case "tasks/get", "tasks/update", "tasks/cancel" -> tasks.answer(method, params);
            case "resources/list" -> {
                ObjectNode result = object();
                var resources = result.putArray("resources");
                watched.forEach(uri -> resources.add(object().put("uri", uri).put("name", "watched")));
                yield cacheable(result);
            }
            case "resources/read" -> {
                ObjectNode result = object();
                result.putArray("contents").add(object().put("uri", params.path("uri").asString())
                        .put("mimeType", "text/plain").put("text", "watched text"));
                yield cacheable(result);
            }
            default -> throw new FixtureError(-32601, "Method not found: " + method);
        };
    }

    private static ObjectNode discover() {
        ObjectNode result = object().put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "private");
        result.putArray("supportedVersions").add(VERSION);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools");
        capabilities.putObject("resources").put("listChanged", true);
        capabilities.putObject("logging");
        capabilities.putObject("extensions").putObject(ModernFixtureTasks.EXTENSION);
        result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "modern-fixture")
                .put("version", "1.0.0");
        return result;
    }

    private static ObjectNode tools() {
        ObjectNode result = object();
        var list = result.putArray("tools");
        for (String name : List.of("ask_sampling", "ask_elicitation", "ask_twice", "report_log_level")) {
            list.add(object().put("name", name).put("description", "modern fixture tool " + name)
                    .set("inputSchema", object().put("type", "object")));
        }
        list.add(object().put("name", INPUT_TOOL).put("description", "asks for the user's name under user_name")
                .set("inputSchema", object().put("type", "object")));
        ModernFixtureTasks.tools().forEach(list::add);
        return result;
    }

    /** Each asking tool: the first request asks, the retry (with the echoed state) completes or asks again. */
    private ObjectNode call(ObjectNode params) {
        String name = params.path("name").asString("");
        JsonNode responses = params.path("inputResponses");
        String state = params.path("requestState").asString(null);
        if (state != null && !issuedStates.remove(state)) {
            throw new FixtureError(-32602, "Invalid params: requestState was not issued by this server");
        }
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
        issuedStates.add(state);
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

    /**
     * Acknowledges, sends one update per subscribed resource, then keeps the stream open until the client leaves,
     * sending {@code notifications/tasks} whenever a task named in {@code taskIds} changes status.
     */
    private void listen(JsonNode body, ObjectNode params, Response response) throws IOException {
        try {
            if (!listenGate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("listen streams were held for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "text/event-stream");
        ObjectNode filter = params.path("notifications") instanceof ObjectNode f ? f : object();
        ObjectNode ack = object().put("jsonrpc", "2.0").put("method", "notifications/subscriptions/acknowledged");
        ack.putObject("params").set("notifications", filter);
        event(response, ack);
        Set<String> resources = ConcurrentHashMap.newKeySet();
        filter.path("resourceSubscriptions").forEach(uri -> resources.add(uri.asString()));
        Listener listener = new Listener(response, body.get("id"), resources);
        if (announceOnListen) {
            for (String uri : resources) {
                event(response, update(listener, uri));
            }
        }
        listeners.add(listener);
        java.util.Map<String, String> lastStatus = new java.util.HashMap<>();
        try {
            while (!stopping.await(100, TimeUnit.MILLISECONDS)) {
                write(response, ": keep-alive\n\n");
                for (JsonNode taskId : filter.path("taskIds")) {
                    ObjectNode task = tasks.detailed(taskId.asString());
                    if (task != null && !task.path("status").asString().equals(lastStatus.get(taskId.asString()))) {
                        lastStatus.put(taskId.asString(), task.path("status").asString());
                        ObjectNode notification = object().put("jsonrpc", "2.0").put("method", "notifications/tasks");
                        notification.set("params", task);
                        event(response, notification);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientLeft) {
            return;
        } finally {
            listeners.remove(listener);
        }
        write(response, "");
    }

    /** Holds every new listen request before it is answered, until {@link #releaseListens()}. */
    public void holdListens() {
        listenGate = new CountDownLatch(1);
    }

    public void releaseListens() {
        listenGate.countDown();
    }

    /** Whether a listen stream asking about {@code uri} is open now. */
    public boolean listeningTo(String uri) {
        return listeners.stream().anyMatch(l -> l.resources().contains(uri));
    }

    /** The resources the open listen streams ask about. */
    public Set<String> listenedResources() {
        Set<String> all = new java.util.TreeSet<>();
        listeners.forEach(l -> all.addAll(l.resources()));
        return all;
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} on every listen stream that asked about it. */
    public void update(String uri) {
        for (Listener listener : listeners) {
            if (listener.resources().contains(uri)) {
                try {
                    event(listener.response(), update(listener, uri));
                } catch (IOException gone) {
                    listeners.remove(listener);
                }
            }
        }
    }

    private static ObjectNode update(Listener listener, String uri) {
        ObjectNode update = object().put("jsonrpc", "2.0").put("method", "notifications/resources/updated");
        update.putObject("params").put("uri", uri).putObject("_meta")
                .set("io.modelcontextprotocol/subscriptionId", listener.id());
        return update;
    }

    private static void event(Response response, JsonNode message) throws IOException {
        write(response, "data: " + FixtureContent.JSON.writeValueAsString(message) + "\n\n");
    }

    /** One writer at a time per stream: a test's update and the keep-alive may meet. */
    private static void write(Response response, String text) throws IOException {
        synchronized (response) {
            Content.Sink.write(response, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
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

    private static void json(Response response, int status, ObjectNode message) throws IOException {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        Content.Sink.write(response, true, ByteBuffer.wrap(
                FixtureContent.JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws Exception {
        stopping.countDown();
        server.stop();
        tasks.close();
    }
}
