package dev.gatehouse.probe;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code gatehouse probe} does with one server, over the gateway's own upstream code: the handshake, the
 * lists (every page), and requests that may need input. A modern server's {@code input_required} result is
 * answered as {@link ProbeAnswers} would answer the request, and the request retried (a new id, the answers, the
 * {@code requestState} echoed untouched), for at most {@value #MAX_ROUNDS} rounds.
 */
final class Probe {

    /** How one request ended: a result, a JSON-RPC error, or a failure to get either. */
    record Outcome(String method, String target, ObjectNode params, JsonNode result, JsonNode error, String failure) {
        boolean failed() {
            return result == null || result.path("isError").asBoolean(false);
        }
    }

    static final int MAX_ROUNDS = 8;
    private static final int MAX_PAGES = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Upstream upstream;
    private final Duration timeout;
    private final BooleanSupplier recover;

    /** {@code recover} runs after a failed request and says whether to send it again (after a sign-in). */
    Probe(Upstream upstream, Duration timeout, BooleanSupplier recover) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.recover = recover;
    }

    ServerHandshake connect() {
        return upstream.handshake();
    }

    /** Every item of a list method, following {@code nextCursor}; a failure ends the list with what was read. */
    List<JsonNode> list(String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = NODES.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            Outcome outcome = send(method, null, params);
            if (outcome.result() == null) {
                break;
            }
            outcome.result().path(field).values().forEach(items::add);
            JsonNode next = outcome.result().get("nextCursor");
            if (next == null || !next.isString()) {
                break;
            }
            cursor = next.stringValue();
        }
        return items;
    }

    Outcome callTool(String name, ObjectNode arguments) {
        ObjectNode params = NODES.objectNode();
        params.put("name", name);
        params.set("arguments", arguments);
        return withInput(McpMethods.TOOLS_CALL, name, params);
    }

    Outcome getPrompt(String name, ObjectNode arguments) {
        ObjectNode params = NODES.objectNode();
        params.put("name", name);
        params.set("arguments", arguments);
        return withInput(McpMethods.PROMPTS_GET, name, params);
    }

    Outcome readResource(String uri) {
        ObjectNode params = NODES.objectNode();
        params.put("uri", uri);
        return withInput(McpMethods.RESOURCES_READ, uri, params);
    }

    /** Sends a request, answering {@code input_required} results and retrying, as the modern era asks. */
    private Outcome withInput(String method, String target, ObjectNode params) {
        ObjectNode current = params;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Outcome outcome = send(method, target, current);
            JsonNode result = outcome.result();
            if (result == null || !"input_required".equals(result.path("resultType").asString(""))) {
                return outcome;
            }
            ObjectNode responses = NODES.objectNode();
            for (Map.Entry<String, JsonNode> input : result.path("inputRequests").properties()) {
                String asked = input.getValue().path("method").asString("");
                Optional<ObjectNode> answer = ProbeAnswers.answer(asked,
                        input.getValue().get("params") instanceof ObjectNode p ? p : null);
                if (answer.isEmpty()) {
                    return new Outcome(method, target, params, null, null,
                            "the server needs input the probe cannot give (" + asked + ")");
                }
                responses.set(input.getKey(), answer.get());
            }
            current = params.deepCopy();
            current.set("inputResponses", responses);
            if (result.has("requestState")) {
                current.set("requestState", result.get("requestState"));
            }
        }
        return new Outcome(method, target, params, null, null,
                "the server still needed input after " + MAX_ROUNDS + " rounds");
    }

    private Outcome send(String method, String target, ObjectNode params) {
        Outcome outcome = sendOnce(method, target, params);
        while (outcome.result() == null && recover.getAsBoolean()) {
            outcome = sendOnce(method, target, params);
        }
        return outcome;
    }

    private Outcome sendOnce(String method, String target, ObjectNode params) {
        Message.Request request = new Message.Request(RequestId.of(0), method, params);
        try {
            Message.Response response = upstream.call(request, new CallOptions(timeout)).response()
                    .get(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            if (response.isError()) {
                ObjectNode error = NODES.objectNode();
                error.put("code", response.error().code());
                error.put("message", response.error().message());
                return new Outcome(method, target, params, null, error, response.error().message());
            }
            return new Outcome(method, target, params, response.result(), null, null);
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof GatewayFailure failure ? failure.getMessage()
                    : "the request failed";
            return new Outcome(method, target, params, null, null, reason);
        } catch (TimeoutException | CancellationException e) {
            return new Outcome(method, target, params, null, null, "no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(method, target, params, null, null, "interrupted");
        }
    }
}
