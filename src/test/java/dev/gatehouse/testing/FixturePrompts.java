package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.embeddedText;
import static dev.gatehouse.testing.FixtureContent.image;
import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The prompts the conformance suite gets by name, as the reference server defines them. */
final class FixturePrompts {

    private record Prompt(ObjectNode definition, Function<JsonNode, ArrayNode> messages) {
    }

    private final Map<String, Prompt> prompts = new LinkedHashMap<>();
    /** Listed only while on: {@code test_trigger_prompt_change} switches it, so the list really changes. */
    private volatile boolean dynamicListed;

    FixturePrompts() {
        add("test_simple_prompt", "Simple Test Prompt", "A simple prompt without arguments", new String[0],
                args -> messages(text("This is a simple prompt for testing.")));
        add("test_prompt_with_arguments", "Prompt With Arguments", "A prompt with required arguments",
                new String[] {"arg1", "First test argument", "arg2", "Second test argument"},
                args -> messages(text("Prompt with arguments: arg1='" + args.path("arg1").asString()
                        + "', arg2='" + args.path("arg2").asString() + "'")));
        add("test_prompt_with_embedded_resource", "Prompt With Embedded Resource",
                "A prompt that includes an embedded resource",
                new String[] {"resourceUri", "URI of the resource to embed"},
                args -> messages(embeddedText(args.path("resourceUri").asString(), "text/plain",
                        "Embedded resource content for testing."),
                        text("Please process the embedded resource above.")));
        add("test_prompt_with_image", "Prompt With Image", "A prompt that includes image content", new String[0],
                args -> messages(image(), text("Please analyze the image above.")));
    }

    ObjectNode list() {
        ObjectNode result = object();
        ArrayNode list = result.putArray("prompts");
        prompts.values().forEach(prompt -> list.add(prompt.definition()));
        if (dynamicListed) {
            list.add(object().put("name", "test_dynamic_prompt").put("title", "Dynamic Prompt")
                    .put("description", "Present or not, as test_trigger_prompt_change last left it"));
        }
        return result;
    }

    void toggleDynamicPrompt() {
        dynamicListed = !dynamicListed;
    }

    ObjectNode get(ObjectNode params) {
        String name = params.path("name").asString("");
        Prompt prompt = prompts.get(name);
        if (prompt == null) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "Prompt " + name + " not found");
        }
        JsonNode args = params.path("arguments");
        for (JsonNode argument : prompt.definition().path("arguments")) {
            String argName = argument.path("name").asString();
            if (!args.path(argName).isString()) {
                throw new FixtureError(FixtureError.INVALID_PARAMS,
                        "Prompt " + name + " requires string argument " + argName);
            }
        }
        ObjectNode result = object().put("description", prompt.definition().path("description").asString());
        result.set("messages", prompt.messages().apply(args));
        return result;
    }

    /** {@code arguments} alternates name and description; every argument is required. */
    private void add(String name, String title, String description, String[] arguments,
            Function<JsonNode, ArrayNode> messages) {
        ObjectNode definition = object().put("name", name).put("title", title).put("description", description);
        if (arguments.length > 0) {
            ArrayNode list = definition.putArray("arguments");
            for (int i = 0; i < arguments.length; i += 2) {
                list.add(object().put("name", arguments[i]).put("description", arguments[i + 1])
                        .put("required", true));
            }
        }
        prompts.put(name, new Prompt(definition, messages));
    }

    /** User messages, one per content block. */
    private static ArrayNode messages(ObjectNode... contents) {
        ArrayNode messages = FixtureContent.NODES.arrayNode();
        for (ObjectNode content : contents) {
            ObjectNode message = object().put("role", "user");
            message.set("content", content);
            messages.add(message);
        }
        return messages;
    }
}
