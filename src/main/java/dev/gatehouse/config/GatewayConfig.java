package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;

/** A whole validated config.toml. Servers are kept in file order: the first one wins a resource collision. */
public record GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers) {

    /** The name reserved for the gateway's own built-in server. */
    public static final String BUILTIN_SERVER = "gatehouse";

    public GatewayConfig {
        servers = List.copyOf(servers);
    }

    public Optional<ServerConfig> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
