package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One modern request as the legacy fixture's handlers ({@link FixtureTools}, {@link FixturePrompts},
 * {@link FixtureInputTools}) see their client, so the modern fixture serves the same content without a copy of it.
 * The era has no server-to-client request: a question the request's answers so far do not hold is recorded and the
 * handler stops ({@link InputNeeded}); the server then answers {@code input_required} with every question recorded
 * and runs the handler again on the retry, which carries the answers. A question's key is derived from the question,
 * so the same question gets the same key in every round. Capabilities and the log level are the request's own.
 */
final class ModernFixtureExchange implements FixtureClient {

    /** The handler asked a question not answered yet; the questions of this round are in {@link #asked()}. */
    static final class InputNeeded extends RuntimeException {
        InputNeeded() {
            super("input needed", null, false, false);
        }
    }

    private static final Map<String, String> CAPABILITY_FOR = Map.of("elicitation/create", "elicitation",
            "sampling/createMessage", "sampling", "roots/list", "roots");

    private final ObjectNode params;
    private final Map<String, JsonNode> answers;
    private final Map<String, ObjectNode> asked = new LinkedHashMap<>();
    private final Consumer<ObjectNode> requestStream;
    private final Consumer<ObjectNode> listenStreams;

    /**
     * {@code answers} are every answer given so far, by key; notifications about the request go to
     * {@code requestStream}, list changes and resource updates to {@code listenStreams}.
     */
    ModernFixtureExchange(ObjectNode params, Map<String, JsonNode> answers, Consumer<ObjectNode> requestStream,
                          Consumer<ObjectNode> listenStreams) {
        this.params = params;
        this.answers = answers;
        this.requestStream = requestStream;
        this.listenStreams = listenStreams;
    }

    /** The questions recorded in this round, by key, as {@code inputRequests} members. */
    synchronized Map<String, ObjectNode> asked() {
        return Map.copyOf(asked);
    }

    @Override
    public boolean declared(String capability) {
        return params.path("_meta").path("io.modelcontextprotocol/clientCapabilities").has(capability);
    }

    @Override
    public void notify(String method, ObjectNode notificationParams) {
        ObjectNode message = object().put("jsonrpc", "2.0").put("method", method);
        message.set("params", notificationParams);
        if (method.endsWith("/list_changed") || method.equals("notifications/resources/updated")) {
            listenStreams.accept(message);
        } else {
            requestStream.accept(message);
        }
    }

    /** Sent only when the request set a log level, and only at that level or above. */
    @Override
    public void log(String level, String data) {
        String least = params.path("_meta").path("io.modelcontextprotocol/logLevel").asString(null);
        if (least != null && FixtureContent.LOG_LEVELS.indexOf(level) >= FixtureContent.LOG_LEVELS.indexOf(least)) {
            notify("notifications/message", object().put("level", level).put("logger", "modern-fixture")
                    .put("data", data));
        }
    }

    /**
     * The answer to this question if the client gave one; otherwise records it and stops the handler. A question
     * needing a capability the request did not declare is refused, so it never reaches {@code inputRequests}.
     */
    @Override
    public JsonNode request(String method, ObjectNode questionParams) {
        String key = key(method, questionParams);
        JsonNode answer = answers.get(key);
        if (answer != null) {
            return answer;
        }
        String capability = CAPABILITY_FOR.get(method);
        if (capability == null || !declared(capability)) {
            throw new FixtureError(FixtureStatelessTools.MISSING_CLIENT_CAPABILITY,
                    "The client did not declare the capability " + method + " needs");
        }
        synchronized (this) {
            asked.put(key, object().put("method", method).set("params", questionParams));
        }
        throw new InputNeeded();
    }

    private static String key(String method, ObjectNode questionParams) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((method + questionParams)
                    .getBytes(StandardCharsets.UTF_8));
            return method.substring(0, method.indexOf('/')) + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
