package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;

/** A whole validated config.toml. Servers are kept in file order: the first one wins a resource collision. */
public record GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, LimitSettings limits,
                            SecuritySettings security) {

    /** The name reserved for the gateway's own built-in server. */
    public static final String BUILTIN_SERVER = "gatehouse";

    public GatewayConfig {
        servers = List.copyOf(servers);
        if (gateway == null || limits == null || security == null) {
            throw new IllegalArgumentException("gateway, limits and security settings must be set");
        }
    }

    /** Default limits and security switches. */
    public GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers) {
        this(gateway, servers, LimitSettings.DEFAULTS, SecuritySettings.DEFAULTS);
    }

    public GatewayConfig withGateway(GatewaySettings newGateway) {
        return new GatewayConfig(newGateway, servers, limits, security);
    }

    public Optional<ServerConfig> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
