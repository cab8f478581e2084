package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.audio;
import static dev.gatehouse.testing.FixtureContent.embeddedText;
import static dev.gatehouse.testing.FixtureContent.image;
import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.objectSchema;
import static dev.gatehouse.testing.FixtureContent.stringProperty;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools the conformance suite calls by name, answering as the suite's reference server
 * ({@code examples/servers/typescript/everything-server.ts}) does. Listed in a fixed order.
 */
final class FixtureTools {

    private record Tool(ObjectNode definition, FixtureInputTools.Handler handler) {
    }

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    /** Listed only while on: {@code test_trigger_tool_change} switches it, so the list really changes. */
    private final Tool dynamic = new Tool(object().put("name", "test_dynamic_tool")
            .put("description", "Present or not, as test_trigger_tool_change last left it")
            .set("inputSchema", objectSchema(object())), (params, client) -> toolResult(text("dynamic tool called")));
    private volatile boolean dynamicListed;

    FixtureTools(FixturePrompts prompts) {
        add("test_simple_text", "Tests simple text content response", null,
                (params, client) -> toolResult(text("This is a simple text response for testing.")));
        add("test_image_content", "Tests image content response", null, (params, client) -> toolResult(image()));
        add("test_audio_content", "Tests audio content response", null, (params, client) -> toolResult(audio()));
        add("test_embedded_resource", "Tests embedded resource content response", null,
                (params, client) -> toolResult(embeddedText("test://embedded-resource", "text/plain",
                        "This is an embedded resource content.")));
        add("test_multiple_content_types", "Tests response with multiple content types (text, image, resource)",
                null, (params, client) -> toolResult(text("Multiple content types test:"), image(),
                        embeddedText("test://mixed-content-resource", "application/json",
                                "{\"test\":\"data\",\"value\":123}")));
        add("test_tool_with_logging", "Tests tool that emits log messages during execution", null,
                FixtureTools::withLogging);
        add("test_tool_with_progress", "Tests tool that reports progress notifications", null,
                FixtureTools::withProgress);
        add("test_error_handling", "Tests error response handling", null, (params, client) -> {
            ObjectNode result = toolResult(text("This tool intentionally returns an error for testing"));
            return result.put("isError", true);
        });
        add("test_reconnection", "Tests SSE stream disconnection and client reconnection (SEP-1699). "
                + "Over stdio the fixture only delays; closing the HTTP stream is the gateway's part.", null,
                (params, client) -> {
                    pause(100);
                    return toolResult(text("Reconnection test completed successfully. If you received this, "
                            + "the client properly reconnected after stream closure."));
                });
        add("test_sampling", "Tests server-initiated sampling (LLM completion request)",
                objectSchema(object().set("prompt", stringProperty("The prompt to send to the LLM")), "prompt"),
                FixtureTools::sampling);
        add("test_elicitation", "Tests server-initiated elicitation (user input request)",
                objectSchema(object().set("message", stringProperty("The message to show the user")), "message"),
                (params, client) -> elicit(client, argument(params, "message"), FixtureSchemas.USER_INFO,
                        "User response"));
        add("test_elicitation_sep1034_defaults", "Tests elicitation with default values per SEP-1034", null,
                (params, client) -> elicit(client, "Please review and update the form fields with defaults",
                        FixtureSchemas.SEP1034_DEFAULTS, "Elicitation completed"));
        add("test_elicitation_sep1330_enums", "Tests elicitation with enum schema improvements per SEP-1330",
                null, (params, client) -> elicit(client, "Please select options from the enum fields",
                        FixtureSchemas.SEP1330_ENUMS, "Elicitation completed"));
        add("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features for conformance testing "
                + "(SEP-1613)", FixtureContent.parse(FixtureSchemas.JSON_SCHEMA_2020_12),
                (params, client) -> toolResult(text("JSON Schema 2020-12 tool called with: "
                        + params.path("arguments").toString())));
        ObjectNode region = stringProperty("Where to route the call").put("x-mcp-header", "Region");
        add("test_header_param", "Mirrors its 'region' argument into the Mcp-Param-Region header (SEP-2243)",
                objectSchema(object().set("region", region), "region"),
                (params, client) -> toolResult(text("Routed to region " + argument(params, "region"))));
        FixtureInputTools.addTo((name, handler) -> add(name, "Asks its client for input (SEP-2322 fixture)", null,
                handler));
        FixtureStatelessTools.addTo((name, handler) -> add(name, "A SEP-2575 diagnostic tool", null, handler),
                this, prompts);
    }

    void toggleDynamicTool() {
        dynamicListed = !dynamicListed;
    }

    ObjectNode list() {
        ObjectNode result = object();
        ArrayNode list = result.putArray("tools");
        tools.values().forEach(tool -> list.add(tool.definition()));
        if (dynamicListed) {
            list.add(dynamic.definition());
        }
        return result;
    }

    ObjectNode call(ObjectNode params, FixtureClient client) {
        String name = params.path("name").asString("");
        Tool tool = dynamicListed && name.equals("test_dynamic_tool") ? dynamic : tools.get(name);
        if (tool == null) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "Unknown tool: " + name);
        }
        try {
            return tool.handler().call(params, client);
        } catch (FixtureError e) {
            if (e.code() != FixtureError.INVALID_PARAMS) {
                throw e;
            }
            // Since 2025-11-25, bad tool input is a tool error the model can see, not a protocol error.
            return toolResult(text(e.getMessage())).put("isError", true);
        }
    }

    private void add(String name, String description, ObjectNode inputSchema, FixtureInputTools.Handler handler) {
        ObjectNode definition = object().put("name", name).put("description", description);
        definition.set("inputSchema", inputSchema != null ? inputSchema : objectSchema(object()));
        tools.put(name, new Tool(definition, handler));
    }

    private static ObjectNode withLogging(ObjectNode params, FixtureClient client) {
        client.log("info", "Tool execution started");
        pause(50);
        client.log("info", "Tool processing data");
        pause(50);
        client.log("info", "Tool execution completed");
        return toolResult(text("Tool with logging executed successfully"));
    }

    /** Sends progress 0, 50 and 100 of 100 when the caller gave a token; answers with the token as text. */
    private static ObjectNode withProgress(ObjectNode params, FixtureClient client) {
        JsonNode token = params.path("_meta").path("progressToken");
        for (int step = 0; step <= 100; step += 50) {
            if (step > 0) {
                pause(50);
            }
            if (!token.isMissingNode()) {
                ObjectNode progress = object();
                progress.set("progressToken", token);
                progress.put("progress", step).put("total", 100)
                        .put("message", "Completed step " + step + " of 100");
                client.notify("notifications/progress", progress);
            }
        }
        return toolResult(text(token.isMissingNode() ? "no progress token" : token.asString()));
    }

    private static ObjectNode sampling(ObjectNode params, FixtureClient client) {
        if (!client.declared("sampling")) {
            return toolResult(text("Sampling not supported or error: client did not declare sampling"));
        }
        ObjectNode request = object().put("maxTokens", 100);
        ObjectNode message = object().put("role", "user");
        message.set("content", text(argument(params, "prompt")));
        request.putArray("messages").add(message);
        try {
            JsonNode result = client.request("sampling/createMessage", request);
            String reply = result.path("content").path("text").asString("No response");
            return toolResult(text("LLM response: " + reply));
        } catch (FixtureError e) {
            return toolResult(text("Sampling not supported or error: " + e.getMessage()));
        }
    }

    private static ObjectNode elicit(FixtureClient client, String message, String schema, String prefix) {
        if (!client.declared("elicitation")) {
            return toolResult(text("Elicitation not supported or error: client did not declare elicitation"));
        }
        ObjectNode request = object().put("mode", "form").put("message", message);
        request.set("requestedSchema", FixtureContent.parse(schema));
        try {
            JsonNode result = client.request("elicitation/create", request);
            JsonNode content = result.path("content").isObject() ? result.path("content") : object();
            return toolResult(text(prefix + ": action=" + result.path("action").asString("") + ", content="
                    + content));
        } catch (FixtureError e) {
            return toolResult(text("Elicitation not supported or error: " + e.getMessage()));
        }
    }

    private static String argument(ObjectNode params, String name) {
        JsonNode value = params.path("arguments").path(name);
        if (!value.isString()) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "Missing required string argument: " + name);
        }
        return value.asString();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureError(FixtureError.INTERNAL_ERROR, "interrupted");
        }
    }
}
