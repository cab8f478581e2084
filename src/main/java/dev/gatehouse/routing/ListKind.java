package dev.gatehouse.routing;

import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Tasks;

/** The paginated list methods a gateway fans out, with what it takes to merge each. */
public enum ListKind {
    TOOLS(McpMethods.TOOLS_LIST, "tools", "tools", true),
    PROMPTS(McpMethods.PROMPTS_LIST, "prompts", "prompts", true),
    RESOURCES(McpMethods.RESOURCES_LIST, "resources", "resources", false),
    RESOURCE_TEMPLATES(McpMethods.RESOURCE_TEMPLATES_LIST, "resourceTemplates", "resources", false),
    /** Legacy (2025-11-25) experimental tasks; task ids are prefixed with the server, as names are. */
    TASKS(Tasks.LIST, "tasks", Tasks.CAPABILITY, false);

    private final String method;
    private final String resultKey;
    private final String capability;
    private final boolean namespaced;

    ListKind(String method, String resultKey, String capability, boolean namespaced) {
        this.method = method;
        this.resultKey = resultKey;
        this.capability = capability;
        this.namespaced = namespaced;
    }

    public String method() {
        return method;
    }

    /** The result member holding the items. */
    public String resultKey() {
        return resultKey;
    }

    /** The server capability without which the server is not asked. */
    public String capability() {
        return capability;
    }

    /** Whether item names are prefixed with the server (tools and prompts); resources keep their URIs. */
    public boolean namespaced() {
        return namespaced;
    }

    public static ListKind forMethod(String method) {
        for (ListKind kind : values()) {
            if (kind.method.equals(method)) {
                return kind;
            }
        }
        return null;
    }
}
