package dev.gatehouse.probe;

import dev.gatehouse.ServerHandshake;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders what the probe found, as JSON or as text for a terminal. Text shows server-controlled strings with every
 * control character replaced, so a server cannot move the cursor, recolour or rewrite the user's terminal.
 */
final class ProbeOutput {

    /** Everything the probe learnt about one server. */
    record Report(ServerHandshake handshake, String transport, List<JsonNode> tools, List<JsonNode> prompts,
                  List<JsonNode> resources, List<JsonNode> templates, List<Probe.Outcome> outcomes) {
    }

    static final String MODERN_VERSION = "2026-07-28";
    private static final int DESCRIPTION_CHARS = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProbeOutput() {
    }

    static String era(String protocolVersion) {
        return protocolVersion.compareTo(MODERN_VERSION) >= 0 ? "modern" : "legacy";
    }

    static void json(PrintWriter out, JsonMapper mapper, Report report) {
        ObjectNode root = NODES.objectNode();
        ServerHandshake handshake = report.handshake();
        root.set("server", handshake.serverInfo());
        root.put("era", era(handshake.protocolVersion()));
        root.put("protocolVersion", handshake.protocolVersion());
        root.put("transport", report.transport());
        root.set("capabilities", handshake.capabilities());
        if (handshake.instructions() != null) {
            root.put("instructions", handshake.instructions());
        }
        root.set("tools", array(report.tools()));
        root.set("prompts", array(report.prompts()));
        root.set("resources", array(report.resources()));
        root.set("resourceTemplates", array(report.templates()));
        ArrayNode calls = root.putArray("calls");
        for (Probe.Outcome outcome : report.outcomes()) {
            ObjectNode call = calls.addObject();
            call.put("method", outcome.method());
            call.put("target", outcome.target());
            call.set("params", outcome.params());
            if (outcome.result() != null) {
                call.set("result", outcome.result());
            } else if (outcome.error() != null) {
                call.set("error", outcome.error());
            } else {
                call.put("failure", outcome.failure());
            }
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    static void text(PrintWriter out, Report report) {
        ServerHandshake handshake = report.handshake();
        JsonNode info = handshake.serverInfo();
        out.println("Server        " + clean(info.path("name").asString("(unnamed)")) + " "
                + clean(info.path("version").asString("")));
        out.println("Protocol      " + handshake.protocolVersion() + " (" + era(handshake.protocolVersion())
                + " era) over " + report.transport());
        out.println("Capabilities  " + (handshake.capabilities().isEmpty() ? "(none)"
                : String.join(", ", handshake.capabilities().propertyNames())));
        if (handshake.instructions() != null && !handshake.instructions().isBlank()) {
            out.println("Instructions  " + shorten(handshake.instructions()));
        }
        section(out, "Tools", report.tools(), tool -> clean(tool.path("name").asString("?")),
                tool -> tool.path("description").asString(""));
        section(out, "Prompts", report.prompts(), ProbeOutput::promptSignature,
                prompt -> prompt.path("description").asString(""));
        section(out, "Resources", report.resources(), resource -> clean(resource.path("uri").asString("?")),
                resource -> resource.path("name").asString("") + mime(resource));
        section(out, "Resource templates", report.templates(),
                template -> clean(template.path("uriTemplate").asString("?")),
                template -> template.path("name").asString("") + mime(template));
        for (Probe.Outcome outcome : report.outcomes()) {
            out.println();
            out.println(outcome.method() + " " + clean(outcome.target()));
            if (outcome.result() == null) {
                out.println("  failed: " + clean(outcome.failure()));
            } else {
                describeResult(out, outcome.result());
            }
        }
        out.flush();
    }

    private static void describeResult(PrintWriter out, JsonNode result) {
        if (result.path("isError").asBoolean(false)) {
            out.println("  (the tool reported an error)");
        }
        JsonNode content = result.has("content") ? result.get("content")
                : result.has("messages") ? result.get("messages") : result.path("contents");
        for (JsonNode item : content.values()) {
            JsonNode body = item.has("content") ? item.get("content") : item;
            if (body.has("text")) {
                body.get("text").asString("").lines().limit(40).forEach(line -> out.println("  " + clean(line)));
            } else {
                out.println("  [" + clean(body.path("type").asString("content")) + mime(body) + "]");
            }
        }
        if (result.has("structuredContent")) {
            out.println("  structured: " + shorten(result.get("structuredContent").toString()));
        }
    }

    private static void section(PrintWriter out, String title, List<JsonNode> items,
                                java.util.function.Function<JsonNode, String> head,
                                java.util.function.Function<JsonNode, String> tail) {
        if (items.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + " (" + items.size() + ")");
        for (JsonNode item : items) {
            String description = shorten(tail.apply(item));
            out.println("  " + head.apply(item) + (description.isEmpty() ? "" : "  " + description));
        }
    }

    private static String promptSignature(JsonNode prompt) {
        StringBuilder signature = new StringBuilder(clean(prompt.path("name").asString("?"))).append('(');
        boolean first = true;
        for (JsonNode argument : prompt.path("arguments").values()) {
            signature.append(first ? "" : ", ").append(clean(argument.path("name").asString("?")))
                    .append(argument.path("required").asBoolean(false) ? "" : "?");
            first = false;
        }
        return signature.append(')').toString();
    }

    private static String mime(JsonNode item) {
        String type = item.path("mimeType").asString("");
        return type.isEmpty() ? "" : " (" + clean(type) + ")";
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    /** The first line, without control characters, at most {@value #DESCRIPTION_CHARS} characters. */
    private static String shorten(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        String cleaned = clean(line);
        return cleaned.length() > DESCRIPTION_CHARS ? cleaned.substring(0, DESCRIPTION_CHARS) + "…" : cleaned;
    }

    static String clean(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    }
}
