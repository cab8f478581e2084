package dev.gatehouse.policy;

/** A tool as the gateway knows it: its server, the server's own name for it, and the name the client used. */
public record ToolTarget(String server, String name, String shown) {

    public ToolTarget {
        if (server == null || name == null || shown == null) {
            throw new IllegalArgumentException("a tool target needs a server, a name and the shown name");
        }
    }
}
