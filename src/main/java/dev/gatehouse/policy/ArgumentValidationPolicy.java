package dev.gatehouse.policy;

import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a call's {@code arguments} against the tool's {@code inputSchema} before it is sent, and a result's
 * {@code structuredContent} against the tool's {@code outputSchema} before it is returned. Failures are tool
 * errors ({@code isError: true}), as the MCP specification advises, so the model can read them and correct its
 * call; the server never sees arguments its own schema forbids.
 */
public final class ArgumentValidationPolicy implements Policy {

    private final ToolCatalog catalog;
    private final SchemaCompiler compiler = new SchemaCompiler();

    public ArgumentValidationPolicy(ToolCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "argument-validation";
    }

    @Override
    public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
        if (!call.method().equals(McpMethods.TOOLS_CALL) || call.tool() == null) {
            return next.proceed(call);
        }
        return catalog.lookup(call.tool().server(), call.tool().name()).thenCompose(found -> {
            if (found.isEmpty()) {
                // Not listed by its server: the server answers for an unknown tool itself.
                return next.proceed(call);
            }
            ToolDefinition tool = found.get();
            Optional<String> refusal = checkArguments(call, tool);
            if (refusal.isPresent()) {
                return CompletableFuture.completedFuture(toolError(call, refusal.get()));
            }
            return next.proceed(call).thenApply(response -> checkOutput(call, tool, response));
        });
    }

    private Optional<String> checkArguments(PolicyCall call, ToolDefinition tool) {
        ObjectNode params = call.request().params();
        JsonNode arguments = params == null ? null : params.get("arguments");
        if (arguments == null || arguments.isNull()) {
            arguments = JsonNodeFactory.instance.objectNode();
        }
        if (!arguments.isObject()) {
            return Optional.of("Invalid arguments for tool '" + call.tool().shown() + "': \"arguments\" must be an"
                    + " object");
        }
        JsonNode schema = tool.definition().get("inputSchema");
        if (!(schema instanceof ObjectNode)) {
            return Optional.of("Tool '" + call.tool().shown() + "' has no inputSchema; the call was not sent");
        }
        return validate(tool, "inputSchema", schema, arguments)
                .map(problems -> "Invalid arguments for tool '" + call.tool().shown() + "': " + problems);
    }

    private Message.Response checkOutput(PolicyCall call, ToolDefinition tool, Message.Response response) {
        JsonNode schema = tool.definition().get("outputSchema");
        if (!(schema instanceof ObjectNode) || response.isError()
                || !(response.result() instanceof ObjectNode result) || result.path("isError").asBoolean(false)) {
            return response;
        }
        JsonNode structured = result.get("structuredContent");
        if (structured == null) {
            return toolError(call, "Server '" + tool.server() + "' returned no structuredContent although tool '"
                    + call.tool().shown() + "' declares an outputSchema");
        }
        return validate(tool, "outputSchema", schema, structured)
                .map(problems -> toolError(call, "Server '" + tool.server() + "' returned structuredContent that"
                        + " does not match the outputSchema of tool '" + call.tool().shown() + "': " + problems))
                .orElse(response);
    }

    /** The joined problems, or empty when valid; a schema that does not compile is itself a problem. */
    private Optional<String> validate(ToolDefinition tool, String which, JsonNode schema, JsonNode instance) {
        try {
            List<String> problems = SchemaCompiler.problems(
                    compiler.compile(tool.sha256() + "/" + which, schema), instance);
            return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
        } catch (SchemaCompiler.InvalidSchemaException e) {
            return Optional.of("the tool's " + which + " is not a usable JSON Schema: " + e.getMessage());
        }
    }

    static Message.Response toolError(PolicyCall call, String text) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", true);
        return Message.Response.success(call.request().id(), result);
    }
}
