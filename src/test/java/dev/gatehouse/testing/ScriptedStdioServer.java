package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scriptable MCP stdio server for tests, run as a real child process. Options: {@code --version V} answers
 * initialize with V (default: echo the client's); {@code --ignore-stdin-eof} keeps running after stdin closes;
 * {@code --modern} speaks only MCP 2026-07-28 ({@code server/discover}, {@code subscriptions/listen}, no
 * {@code initialize}); {@code --ignore-unknown} never answers a method it does not know, and
 * {@code --exit-on-unknown} exits when one arrives before {@code initialize}, as some legacy servers do;
 * {@code --tasks} (with {@code --modern}) offers the tasks extension with {@link ModernFixtureTasks}' tools, and sends
 * {@code notifications/tasks} on a listen request for the task ids it names, while that request is the latest
 * and not cancelled.
 * Tools ({@code tools/call} name, arguments; {@code tools/list} lists them all, so the gateway's pinning policy
 * admits calls to them):
 * <ul>
 * <li>{@code echo {text}} answers {@code text};</li>
 * <li>{@code crash {code}} exits with {@code code} without answering;</li>
 * <li>{@code hang} never answers (its request id is remembered, see {@code seen});</li>
 * <li>{@code progress {steps, intervalMs}} sends {@code steps} progress notifications, then answers;</li>
 * <li>{@code sample} sends {@code sampling/createMessage} and answers with the client's reply;</li>
 * <li>{@code ping} pings the client and answers once the pong arrives;</li>
 * <li>{@code env} answers its environment as an object;</li>
 * <li>{@code noise {bytes}} writes an oversized line and a non-JSON line, then answers;</li>
 * <li>{@code unreadable {bytes, shape}} answers with a line that cannot be read: {@code text} a text of
 * {@code bytes} characters, {@code idLast} the same with the id as the last member, {@code broken} a response
 * cut short; before it, a notification of {@code bytes} characters that must not be taken for the answer;</li>
 * <li>{@code meta} answers the {@code _meta} its request carried;</li>
 * <li>{@code touch {uri}} sends {@code notifications/resources/updated} for {@code uri} (tagged with the latest
 * listen request's id when modern), then answers;</li>
 * <li>{@code seen} answers the ids of the {@code hang} requests, every {@code notifications/cancelled} received and
 * the parameters of every {@code subscriptions/listen} request.</li>
 * </ul>
 */
public final class ScriptedStdioServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TOOLS =
            List.of("echo", "crash", "hang", "progress", "sample", "ping", "env", "noise", "unreadable",
                    "seen", "meta", "touch");

    private final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    private final String version;
    private final Map<String, CompletableFuture<JsonNode>> awaiting = new ConcurrentHashMap<>();
    private final List<JsonNode> hangs = new CopyOnWriteArrayList<>();
    private final List<JsonNode> cancellations = new CopyOnWriteArrayList<>();
    private final AtomicInteger ownIds = new AtomicInteger();
    private final List<JsonNode> listens = new CopyOnWriteArrayList<>();
    /** The id of the latest listen request, which a modern server's updates carry. */
    private volatile JsonNode listenId;
    private final Set<String> options;
    private final ModernFixtureTasks tasks = new ModernFixtureTasks();
    private volatile boolean initialized;

    private ScriptedStdioServer(String version, Set<String> options) {
        this.version = version;
        this.options = options;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> options = List.of(args);
        int at = options.indexOf("--version");
        ScriptedStdioServer server = new ScriptedStdioServer(at >= 0 ? options.get(at + 1) : null,
                Set.copyOf(options));
        System.err.println("scripted server starting");
        server.serve();
        System.err.println("scripted server saw stdin EOF");
        if (options.contains("--ignore-stdin-eof")) {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
        System.exit(0);
    }

    private void serve() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            ObjectNode message = (ObjectNode) JSON.readTree(line);
            JsonNode id = message.get("id");
            String method = message.path("method").stringValue(null);
            if (method == null) {
                CompletableFuture<JsonNode> waiting = awaiting.remove(id.asString());
                if (waiting != null) {
                    waiting.complete(message);
                }
            } else if (id == null) {
                if (method.equals("notifications/cancelled")) {
                    cancellations.add(message.get("params"));
                }
            } else {
                Thread.ofVirtual().start(() -> handle(id, method, message.path("params")));
            }
        }
    }

    private void handle(JsonNode id, String method, JsonNode params) {
        boolean modern = options.contains("--modern");
        switch (method) {
            case "server/discover" -> {
                if (modern) {
                    discover(id);
                } else {
                    unknown(id, method);
                }
            }
            case "subscriptions/listen" -> {
                if (modern) {
                    listens.add(params);
                    listenId = id;
                    ObjectNode meta = NODES.objectNode();
                    meta.set("io.modelcontextprotocol/subscriptionId", id);
                    notification("notifications/subscriptions/acknowledged",
                            (ObjectNode) NODES.objectNode().set("_meta", meta));
                    if (options.contains("--tasks")) {
                        reportTasks(id, params.path("notifications").path("taskIds"));
                    }
                } else {
                    unknown(id, method);
                }
            }
            case "initialize" -> {
                if (modern) {
                    unknown(id, method);
                    return;
                }
                initialized = true;
                ObjectNode result = NODES.objectNode();
                result.put("protocolVersion", version != null ? version : params.path("protocolVersion").asString());
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "scripted").put("version", "1.0");
                result.put("instructions", "for tests");
                answer(id, result);
            }
            case "tools/list" -> {
                ObjectNode result = NODES.objectNode();
                ArrayNode tools = result.putArray("tools");
                for (String tool : TOOLS) {
                    tools.addObject().put("name", tool).putObject("inputSchema").put("type", "object");
                }
                if (options.contains("--tasks")) {
                    ModernFixtureTasks.tools().forEach(tools::add);
                }
                answer(id, result);
            }
            case "tools/call" -> {
                if (options.contains("--tasks") && ModernFixtureTasks.offers(params.path("name").asString())) {
                    taskAnswer(id, () -> tasks.call(params.path("name").asString(), (ObjectNode) params, null));
                } else {
                    tool(id, params.path("name").asString(), params.path("arguments"), params);
                }
            }
            case "tasks/get", "tasks/update", "tasks/cancel" -> {
                if (options.contains("--tasks")) {
                    taskAnswer(id, () -> tasks.answer(method, (ObjectNode) params));
                } else {
                    unknown(id, method);
                }
            }
            default -> unknown(id, method);
        }
    }

    private void discover(JsonNode id) {
        ObjectNode result = NODES.objectNode();
        result.putArray("supportedVersions").add("2026-07-28");
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("resources").put("subscribe", true);
        if (options.contains("--tasks")) {
            capabilities.putObject("extensions").putObject(ModernFixtureTasks.EXTENSION);
        }
        result.put("instructions", "modern, for tests");
        result.put("ttlMs", 0).put("cacheScope", "public");
        result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "scripted-modern")
                .put("version", "2.0");
        answer(id, result);
    }

    private void unknown(JsonNode id, String method) {
        if (options.contains("--exit-on-unknown") && !initialized) {
            System.err.println("scripted server got " + method + " before initialize; exiting");
            out.flush();
            Runtime.getRuntime().halt(4);
        }
        if (options.contains("--ignore-unknown")) {
            return;
        }
        send(NODES.objectNode().put("jsonrpc", "2.0").setAll(Map.of("id", id,
                "error", NODES.objectNode().put("code", -32601).put("message", "no method " + method))));
    }

    private void tool(JsonNode id, String name, JsonNode arguments, JsonNode params) {
        switch (name) {
            case "echo" -> answer(id, text(arguments.path("text").asString()));
            case "crash" -> {
                out.flush();
                Runtime.getRuntime().halt(arguments.path("code").asInt());
            }
            case "hang" -> hangs.add(id);
            case "progress" -> {
                JsonNode token = params.path("_meta").get("progressToken");
                int steps = arguments.path("steps").asInt();
                for (int step = 1; step <= steps; step++) {
                    sleep(arguments.path("intervalMs").asInt());
                    ObjectNode progress = NODES.objectNode().put("progress", step).put("total", steps);
                    progress.set("progressToken", token);
                    notification("notifications/progress", progress);
                }
                answer(id, text("done after " + steps + " steps"));
            }
            case "sample" -> {
                ObjectNode request = NODES.objectNode().put("maxTokens", 10);
                request.putArray("messages").addObject().put("role", "user")
                        .putObject("content").put("type", "text").put("text", "hello?");
                JsonNode reply = ask("sampling/createMessage", request);
                answer(id, text("sampled: " + reply.path("result").path("content").path("text").asString("")));
            }
            case "ping" -> {
                JsonNode reply = ask("ping", null);
                answer(id, text("pong " + reply.has("result")));
            }
            case "env" -> {
                ObjectNode env = NODES.objectNode();
                System.getenv().forEach(env::put);
                answer(id, NODES.objectNode().set("structuredContent", env));
            }
            case "noise" -> {
                send("x".repeat(arguments.path("bytes").asInt()));
                send("this is not json");
                send("{\"jsonrpc\":\"1.0\"}");
                answer(id, text("after noise"));
            }
            case "unreadable" -> {
                String big = "y".repeat(arguments.path("bytes").asInt());
                notification("notifications/message", NODES.objectNode().put("level", "info").put("data", big));
                switch (arguments.path("shape").asString()) {
                    case "idLast" -> send("{\"jsonrpc\":\"2.0\",\"result\":" + text(big) + ",\"id\":" + id + "}");
                    case "broken" -> send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[");
                    default -> answer(id, text(big));
                }
            }
            case "seen" -> {
                ObjectNode seen = NODES.objectNode();
                seen.putArray("hangs").addAll(hangs);
                seen.putArray("cancelled").addAll(cancellations);
                seen.putArray("listens").addAll(listens);
                answer(id, NODES.objectNode().set("structuredContent", seen));
            }
            case "meta" -> answer(id, NODES.objectNode().set("structuredContent", params.path("_meta")));
            case "touch" -> {
                ObjectNode update = NODES.objectNode().put("uri", arguments.path("uri").asString());
                if (listenId != null) {
                    update.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", listenId);
                }
                notification("notifications/resources/updated", update);
                answer(id, text("touched"));
            }
            default -> answer(id, text("unknown tool " + name));
        }
    }

    private void taskAnswer(JsonNode id, java.util.function.Supplier<ObjectNode> answer) {
        try {
            answer(id, answer.get());
        } catch (FixtureError e) {
            ObjectNode error = NODES.objectNode().put("code", e.code()).put("message", e.getMessage());
            if (e.data() != null) {
                error.set("data", e.data());
            }
            send(NODES.objectNode().put("jsonrpc", "2.0").setAll(Map.of("id", id, "error", error)));
        }
    }

    /**
     * Sends {@code notifications/tasks} for the tasks a listen request names whenever their status changes, until a
     * newer listen request arrives or this one is cancelled (a listen request on stdio is never answered).
     */
    private void reportTasks(JsonNode listen, JsonNode taskIds) {
        Map<String, String> lastSeen = new java.util.HashMap<>();
        while (listen.equals(listenId) && cancellations.stream().noneMatch(c -> listen.equals(c.get("requestId")))) {
            for (ObjectNode notification : tasks.statusChanges(taskIds, lastSeen)) {
                ObjectNode params = (ObjectNode) notification.get("params");
                params.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", listen);
                send(notification);
            }
            sleep(100);
        }
    }

    private JsonNode ask(String method, ObjectNode params) {
        String ownId = "s" + ownIds.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        awaiting.put(ownId, reply);
        ObjectNode request = NODES.objectNode().put("jsonrpc", "2.0").put("id", ownId).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        send(request);
        return reply.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static ObjectNode text(String text) {
        ObjectNode result = NODES.objectNode();
        ArrayNode content = result.putArray("content");
        content.addObject().put("type", "text").put("text", text);
        return result;
    }

    private void answer(JsonNode id, JsonNode result) {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        send(response);
    }

    private void notification(String method, ObjectNode params) {
        send(NODES.objectNode().put("jsonrpc", "2.0").put("method", method).set("params", params));
    }

    private void send(JsonNode message) {
        send(JSON.writeValueAsString(message));
    }

    private synchronized void send(String line) {
        out.print(line);
        out.print('\n');
        out.flush();
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
