package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The diagnostic tools of the suite's {@code server-stateless} scenario (SEP-2575), as a legacy server writes them.
 * The requirements they exercise are the gateway's: a modern client's call never sees a server-to-client request,
 * log messages reach it only at the level it asked for, and list changes reach its {@code subscriptions/listen}
 * stream. The trigger tools really change the lists, then announce it the legacy way.
 */
final class FixtureStatelessTools {

    /** MissingRequiredClientCapabilityError: the server cannot serve the call without that client capability. */
    static final int MISSING_CLIENT_CAPABILITY = -32021;

    private FixtureStatelessTools() {
    }

    static void addTo(BiConsumer<String, FixtureInputTools.Handler> add, FixtureTools tools, FixturePrompts prompts) {
        add.accept("test_missing_capability", FixtureStatelessTools::needsSampling);
        add.accept("test_streaming_elicitation", (params, client) -> {
            JsonNode answer = client.request("elicitation/create",
                    FixtureInputTools.form("What is your name?", "name", "string"));
            return toolResult(text("Hello, " + answer.path("content").path("name").asString("stranger") + "!"));
        });
        add.accept("test_logging_tool", (params, client) -> {
            client.log("info", "test_logging_tool started");
            client.log("error", "test_logging_tool wrote an error line");
            return toolResult(text("Logged two messages"));
        });
        add.accept("test_trigger_tool_change", (params, client) -> {
            tools.toggleDynamicTool();
            client.notify("notifications/tools/list_changed", object());
            return toolResult(text("The tool list changed"));
        });
        add.accept("test_trigger_prompt_change", (params, client) -> {
            prompts.toggleDynamicPrompt();
            client.notify("notifications/prompts/list_changed", object());
            return toolResult(text("The prompt list changed"));
        });
    }

    /**
     * Needs sampling to do its work: when the client refuses (it did not declare the capability), the server fails
     * the call with -32021, naming the capability in {@code requiredCapabilities} as a ClientCapabilities object.
     */
    private static ObjectNode needsSampling(ObjectNode params, FixtureClient client) {
        try {
            JsonNode answer = client.request("sampling/createMessage", FixtureInputTools.sample("Say something"));
            return toolResult(text("Sampling said: " + answer.path("content").path("text").asString("")));
        } catch (FixtureError refused) {
            ObjectNode data = object();
            data.putObject("requiredCapabilities").putObject("sampling");
            throw new FixtureError(MISSING_CLIENT_CAPABILITY, "This tool needs the client's sampling capability",
                    data);
        }
    }
}
