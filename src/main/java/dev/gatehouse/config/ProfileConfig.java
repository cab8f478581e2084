package dev.gatehouse.config;

import java.util.List;

/**
 * One {@code [profiles.NAME]} table: a named subset of the servers, served on its own endpoint
 * {@code /p/NAME/mcp} so that a client sees only the servers it needs. {@code description} is null when not set.
 */
public record ProfileConfig(String name, String description, List<String> servers) {

    public ProfileConfig {
        if (name == null || servers == null) {
            throw new IllegalArgumentException("a profile needs a name and its servers");
        }
        servers = List.copyOf(servers);
    }

    /** The endpoint path of the profile on the MCP plane. */
    public String endpoint() {
        return "/p/" + name + "/mcp";
    }

    public boolean includes(String server) {
        return servers.contains(server);
    }
}
