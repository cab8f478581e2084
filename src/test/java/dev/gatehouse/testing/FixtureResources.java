package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Static resources, the {@code test://template/{id}/data} template and subscriptions, as the reference server
 * defines them. One addition: subscribing to a resource is followed by one {@code notifications/resources/updated}
 * for it, so tests can see an update travel through a gateway.
 */
final class FixtureResources {

    static final String STATIC_TEXT = "test://static-text";
    static final String STATIC_BINARY = "test://static-binary";
    static final String WATCHED = "test://watched-resource";
    private static final Pattern TEMPLATE = Pattern.compile("test://template/([^/]+)/data");

    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

    ObjectNode list() {
        ObjectNode result = object();
        ArrayNode list = result.putArray("resources");
        list.add(describe(STATIC_TEXT, "static-text", "Static Text Resource", "A static text resource for testing",
                "text/plain"));
        list.add(describe(STATIC_BINARY, "static-binary", "Static Binary Resource",
                "A static binary resource (image) for testing", "image/png"));
        list.add(describe(WATCHED, "watched-resource", "Watched Resource",
                "A resource that announces an update after each subscribe", "text/plain"));
        return result;
    }

    ObjectNode templates() {
        ObjectNode template = object().put("uriTemplate", "test://template/{id}/data").put("name", "template")
                .put("title", "Resource Template").put("description", "A resource template with parameter "
                        + "substitution").put("mimeType", "application/json");
        ObjectNode result = object();
        result.putArray("resourceTemplates").add(template);
        return result;
    }

    ObjectNode read(ObjectNode params) {
        String uri = params.path("uri").asString("");
        ObjectNode content = object().put("uri", uri);
        Matcher template = TEMPLATE.matcher(uri);
        switch (uri) {
            case STATIC_TEXT -> content.put("mimeType", "text/plain")
                    .put("text", "This is the content of the static text resource.");
            case STATIC_BINARY -> content.put("mimeType", "image/png").put("blob", FixtureContent.PNG_BASE64);
            case WATCHED -> content.put("mimeType", "text/plain").put("text", "Watched resource content");
            default -> {
                if (!template.matches()) {
                    // SEP-2164 settles on -32602 with the uri in data (earlier revisions used -32002).
                    throw new FixtureError(FixtureError.INVALID_PARAMS, "Resource not found",
                            object().put("uri", uri));
                }
                String id = template.group(1);
                ObjectNode data = object().put("id", id).put("templateTest", true).put("data", "Data for ID: " + id);
                content.put("mimeType", "application/json").put("text", data.toString());
            }
        }
        ObjectNode result = object();
        result.putArray("contents").add(content);
        return result;
    }

    ObjectNode subscribe(ObjectNode params, FixtureClient client) {
        String uri = requireUri(params);
        subscriptions.add(uri);
        client.log("info", "Subscribed to resource: " + uri);
        return object();
    }

    ObjectNode unsubscribe(ObjectNode params, FixtureClient client) {
        String uri = requireUri(params);
        subscriptions.remove(uri);
        client.log("info", "Unsubscribed from resource: " + uri);
        return object();
    }

    /** Announces an update to {@code uri} if the client is (still) subscribed to it. */
    void announceUpdate(String uri, FixtureClient client) {
        if (subscriptions.contains(uri)) {
            client.notify("notifications/resources/updated", object().put("uri", uri));
        }
    }

    /** Completes prompt arguments and template variables from a fixed word list, by prefix. */
    ObjectNode complete(ObjectNode params) {
        String prefix = params.path("argument").path("value").asString("");
        ArrayNode values = FixtureContent.NODES.arrayNode();
        for (String word : new String[] {"paris", "park", "party"}) {
            if (word.startsWith(prefix)) {
                values.add(word);
            }
        }
        ObjectNode completion = object().put("total", values.size()).put("hasMore", false);
        completion.set("values", values);
        ObjectNode result = object();
        result.set("completion", completion);
        return result;
    }

    private static String requireUri(ObjectNode params) {
        if (!params.path("uri").isString()) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "uri is required");
        }
        return params.path("uri").asString();
    }

    private static ObjectNode describe(String uri, String name, String title, String description, String mime) {
        return object().put("uri", uri).put("name", name).put("title", title).put("description", description)
                .put("mimeType", mime);
    }
}
