package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;

/** A whole validated config.toml. Servers are kept in file order: the first one wins a resource collision. */
public record GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, CaptureSettings capture) {

    /** The name reserved for the gateway's own built-in server. */
    public static final String BUILTIN_SERVER = "gatehouse";

    public GatewayConfig {
        servers = List.copyOf(servers);
        if (gateway == null || capture == null) {
            throw new IllegalArgumentException("gateway and capture settings must not be null");
        }
    }

    /** A config with the default capture settings. */
    public GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers) {
        this(gateway, servers, CaptureSettings.DEFAULTS);
    }

    public GatewayConfig withGateway(GatewaySettings newGateway) {
        return new GatewayConfig(newGateway, servers, capture);
    }

    public Optional<ServerConfig> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
