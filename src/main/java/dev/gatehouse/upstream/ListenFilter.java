package dev.gatehouse.upstream;

import dev.gatehouse.ServerHandshake;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parameters of the {@code subscriptions/listen} request the gateway sends a modern server, whatever the
 * transport: every list change the server declares, and an update for each resource some client subscribed to.
 */
public final class ListenFilter {

    private static final List<String> LISTS = List.of("tools", "prompts", "resources");

    private ListenFilter() {
    }

    /** Whether the server declares any list that can change, so a listen request is worth keeping open. */
    public static boolean wantsListChanges(ServerHandshake handshake) {
        return LISTS.stream().anyMatch(list -> declares(handshake, list));
    }

    /** The listen request's parameters for {@code resources} (sorted, so equal filters are equal requests). */
    public static ObjectNode params(ServerHandshake handshake, Collection<String> resources) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        ObjectNode notifications = params.putObject("notifications");
        for (String list : LISTS) {
            if (declares(handshake, list)) {
                notifications.put(list + "ListChanged", true);
            }
        }
        if (!resources.isEmpty()) {
            ArrayNode uris = notifications.putArray("resourceSubscriptions");
            resources.stream().sorted().forEach(uris::add);
        }
        return params;
    }

    private static boolean declares(ServerHandshake handshake, String list) {
        return handshake.capabilities().path(list).path("listChanged").asBoolean(false);
    }
}
