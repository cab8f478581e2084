package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;

/** A whole validated config.toml. Servers are kept in file order: the first one wins a resource collision. */
public record GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, CaptureSettings capture,
                            LimitSettings limits, SecuritySettings security) {

    /** The name reserved for the gateway's own built-in server. */
    public static final String BUILTIN_SERVER = "gatehouse";

    public GatewayConfig {
        servers = List.copyOf(servers);
        if (gateway == null || capture == null || limits == null || security == null) {
            throw new IllegalArgumentException("gateway, capture, limits and security settings must be set");
        }
    }

    /** Default capture, limits and security switches. */
    public GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers) {
        this(gateway, servers, CaptureSettings.DEFAULTS);
    }

    /** Default limits and security switches. */
    public GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, CaptureSettings capture) {
        this(gateway, servers, capture, LimitSettings.DEFAULTS, SecuritySettings.DEFAULTS);
    }

    /** Default capture settings. */
    public GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, LimitSettings limits,
                         SecuritySettings security) {
        this(gateway, servers, CaptureSettings.DEFAULTS, limits, security);
    }

    public GatewayConfig withGateway(GatewaySettings newGateway) {
        return new GatewayConfig(newGateway, servers, capture, limits, security);
    }

    public Optional<ServerConfig> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
