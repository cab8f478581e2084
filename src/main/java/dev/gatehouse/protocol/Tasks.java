package dev.gatehouse.protocol;

import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vocabulary of tasks in both eras. Modern (2026-07-28): the extension {@code io.modelcontextprotocol/tasks}
 * (SEP-2663), negotiated per request; a request the server chooses to run as a task answers
 * {@code resultType:"task"} with the task's fields at the top level, then {@code tasks/get|update|cancel}. Legacy
 * (2025-11-25, experimental): the {@code tasks} capability of {@code initialize}, a request opts in with
 * {@code params.task}, the answer holds a {@code task} object, then {@code tasks/get|result|list|cancel}.
 */
public final class Tasks {

    public static final String EXTENSION = "io.modelcontextprotocol/tasks";
    /** The legacy capability, in {@code initialize} answers. */
    public static final String CAPABILITY = "tasks";

    public static final String GET = "tasks/get";
    public static final String UPDATE = "tasks/update";
    public static final String CANCEL = "tasks/cancel";
    public static final String RESULT = "tasks/result";
    public static final String LIST = "tasks/list";
    /** The legacy status notification. */
    public static final String STATUS = "notifications/tasks/status";
    /** The extension's status notification, sent on {@code subscriptions/listen} for the task ids asked for. */
    public static final String NOTIFICATION = "notifications/tasks";
    /** The {@code subscriptions/listen} filter member naming the tasks whose notifications a client wants. */
    public static final String LISTEN_FILTER = "taskIds";
    /** The legacy {@code _meta} key tying a message to the task it belongs to. */
    public static final String RELATED_TASK = "io.modelcontextprotocol/related-task";

    /** The extension's methods; {@code tasks/result} and {@code tasks/list} exist in the legacy era only. */
    public static final Set<String> MODERN_METHODS = Set.of(GET, UPDATE, CANCEL);

    private Tasks() {
    }

    /** Whether a modern request's own client capabilities declare the extension. */
    public static boolean declaredIn(ObjectNode params) {
        ObjectNode meta = ModernEra.meta(params);
        return meta != null && meta.path(ModernEra.META_CLIENT_CAPABILITIES).path("extensions").has(EXTENSION);
    }

    /** Whether a set of server capabilities offers the extension (modern) or the legacy capability. */
    public static boolean offeredIn(ObjectNode capabilities, boolean modern) {
        if (capabilities == null) {
            return false;
        }
        return modern ? capabilities.path("extensions").has(EXTENSION) : capabilities.has(CAPABILITY);
    }
}
