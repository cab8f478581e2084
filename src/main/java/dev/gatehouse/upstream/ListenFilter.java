package dev.gatehouse.upstream;

import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.Tasks;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parameters of the {@code subscriptions/listen} request the gateway sends a modern server, whatever the
 * transport: every list change the server declares, an update for each resource some client subscribed to, and the
 * status of each task some client listens to.
 */
public final class ListenFilter {

    private static final List<String> LISTS = List.of("tools", "prompts", "resources");

    private ListenFilter() {
    }

    /** Whether the server declares any list that can change, so a listen request is worth keeping open. */
    public static boolean wantsListChanges(ServerHandshake handshake) {
        return LISTS.stream().anyMatch(list -> declares(handshake, list));
    }

    /**
     * The listen request's parameters for {@code resources} and {@code tasks} (sorted, so equal filters are equal
     * requests).
     */
    public static ObjectNode params(ServerHandshake handshake, Collection<String> resources,
                                    Collection<String> tasks) {
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
        if (!tasks.isEmpty()) {
            ArrayNode ids = notifications.putArray(Tasks.LISTEN_FILTER);
            tasks.stream().sorted().forEach(ids::add);
        }
        return params;
    }

    /** What a listen request declares: the gateway's capabilities, with the tasks extension when it asks for tasks. */
    public static ObjectNode capabilities(ObjectNode gateway, Collection<String> tasks) {
        ObjectNode declared = gateway.deepCopy();
        if (!tasks.isEmpty()) {
            JsonNode extensions = declared.get("extensions");
            (extensions instanceof ObjectNode object ? object : declared.putObject("extensions"))
                    .putObject(Tasks.EXTENSION);
        }
        return declared;
    }

    /**
     * A notification from the listen stream as the gateway's clients get it: without the id of the gateway's own
     * listen request, which means nothing to them (a modern client's stream tags its own id; a legacy client has
     * none).
     */
    public static Message.Notification untagged(Message.Notification notification) {
        if (notification.params() == null
                || !(notification.params().get("_meta") instanceof ObjectNode meta)
                || !meta.has(ModernEra.META_SUBSCRIPTION_ID)) {
            return notification;
        }
        ObjectNode params = notification.params().deepCopy();
        ObjectNode copy = (ObjectNode) params.get("_meta");
        copy.remove(ModernEra.META_SUBSCRIPTION_ID);
        if (copy.isEmpty()) {
            params.remove("_meta");
        }
        return new Message.Notification(notification.method(), params);
    }

    private static boolean declares(ServerHandshake handshake, String list) {
        return handshake.capabilities().path(list).path("listChanged").asBoolean(false);
    }
}
