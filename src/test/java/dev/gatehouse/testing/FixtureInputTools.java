package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conformance suite's multi round-trip fixtures (SEP-2322, {@code test_input_required_result_*}) as a legacy
 * server writes them: each asks its client with real server-to-client requests and answers when the replies are in.
 * Behind the gateway, a modern client sees those requests as {@code input_required} results, which is what these
 * names exist to test.
 */
final class FixtureInputTools {

    private FixtureInputTools() {
    }

    static void addTo(BiConsumer<String, Handler> add) {
        add.accept("test_input_required_result_elicitation", (params, client) -> {
            JsonNode answer = client.request("elicitation/create", form("What is your name?", "name", "string"));
            return toolResult(text("Hello, " + answer.path("content").path("name").asString("stranger") + "!"));
        });
        add.accept("test_input_required_result_sampling", (params, client) -> {
            JsonNode answer = client.request("sampling/createMessage", sample("What is the capital of France?"));
            return toolResult(text("Sampling said: " + answer.path("content").path("text").asString("")));
        });
        add.accept("test_input_required_result_list_roots", (params, client) -> {
            JsonNode answer = client.request("roots/list", object());
            return toolResult(text("Roots: " + answer.path("roots")));
        });
        add.accept("test_input_required_result_request_state", (params, client) -> {
            JsonNode answer = client.request("elicitation/create", form("Please confirm", "ok", "boolean"));
            return toolResult(text("state-ok: " + answer.path("content").path("ok").asBoolean(false)));
        });
        add.accept("test_input_required_result_tampered_state", (params, client) -> {
            client.request("elicitation/create", form("Please confirm", "ok", "boolean"));
            return toolResult(text("confirmed"));
        });
        add.accept("test_input_required_result_multi_round", (params, client) -> {
            JsonNode name = client.request("elicitation/create", form("Step 1: What is your name?", "name", "string"));
            JsonNode color = client.request("elicitation/create",
                    form("Step 2: What is your favorite color?", "color", "string"));
            return toolResult(text(name.path("content").path("name").asString("") + " likes "
                    + color.path("content").path("color").asString("")));
        });
        add.accept("test_input_required_result_multiple_inputs", FixtureInputTools::allAtOnce);
        add.accept("ask_with_progress", FixtureInputTools::progressAroundQuestion);
        add.accept("test_input_required_result_capabilities", (params, client) -> {
            List<String> got = new ArrayList<>();
            for (ObjectNode ask : List.of(object().put("method", "elicitation/create")
                    .set("params", form("Name?", "name", "string")), object().put("method", "sampling/createMessage")
                    .set("params", sample("Hi")))) {
                try {
                    client.request(ask.path("method").asString(), (ObjectNode) ask.get("params"));
                    got.add(ask.path("method").asString());
                } catch (FixtureError refused) {
                    got.add("refused " + ask.path("method").asString());
                }
            }
            return toolResult(text(String.join(", ", got)));
        });
    }

    /** An elicitation, a sampling and a roots request sent together, as one round of questions. */
    private static ObjectNode allAtOnce(ObjectNode params, FixtureClient client) {
        try (ExecutorService asking = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<JsonNode> name = CompletableFuture.supplyAsync(
                    () -> client.request("elicitation/create", form("What is your name?", "name", "string")), asking);
            CompletableFuture<JsonNode> greeting = CompletableFuture.supplyAsync(
                    () -> client.request("sampling/createMessage", sample("Generate a greeting")), asking);
            CompletableFuture<JsonNode> roots = CompletableFuture.supplyAsync(
                    () -> client.request("roots/list", object()), asking);
            return toolResult(text(name.join().path("content").path("name").asString("") + " / "
                    + greeting.join().path("content").path("text").asString("") + " / "
                    + roots.join().path("roots").size() + " root(s)"));
        } catch (CompletionException e) {
            throw e.getCause() instanceof FixtureError f ? f
                    : new FixtureError(FixtureError.INTERNAL_ERROR, "asking failed");
        }
    }

    /** Reports progress 1 of 2, asks for a name, then reports progress 2 of 2 under the same (its caller's) token. */
    private static ObjectNode progressAroundQuestion(ObjectNode params, FixtureClient client) {
        JsonNode token = params.path("_meta").path("progressToken");
        client.notify("notifications/progress", object().put("progress", 1).put("total", 2)
                .put("message", "before asking").set("progressToken", token));
        JsonNode answer = client.request("elicitation/create", form("What is your name?", "name", "string"));
        client.notify("notifications/progress", object().put("progress", 2).put("total", 2)
                .put("message", "after the answer").set("progressToken", token));
        return toolResult(text("Thanks, " + answer.path("content").path("name").asString("stranger")));
    }

    /** The prompt {@code test_input_required_result_prompt}: asks for context, then builds its message. */
    static ObjectNode prompt(FixtureClient client) {
        JsonNode answer = client.request("elicitation/create",
                form("What context should the prompt use?", "context", "string"));
        ObjectNode result = object().put("description", "A prompt built from elicited context");
        result.putArray("messages").add(object().put("role", "user")
                .set("content", text("Context: " + answer.path("content").path("context").asString(""))));
        return result;
    }

    static ObjectNode form(String message, String property, String type) {
        ObjectNode request = object().put("mode", "form").put("message", message);
        ObjectNode schema = request.putObject("requestedSchema").put("type", "object");
        schema.putObject("properties").putObject(property).put("type", type);
        schema.putArray("required").add(property);
        return request;
    }

    static ObjectNode sample(String prompt) {
        ObjectNode request = object().put("maxTokens", 50);
        request.putArray("messages").add(object().put("role", "user").set("content", text(prompt)));
        return request;
    }

    /** The tool handler shape of {@link FixtureTools}. */
    interface Handler {
        ObjectNode call(ObjectNode params, FixtureClient client);
    }
}
