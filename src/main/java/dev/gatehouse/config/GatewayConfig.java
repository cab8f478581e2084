package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole validated config.toml. Servers are kept in file order: the first one wins a resource collision. Every
 * server a profile lists is configured (or is the built-in server).
 */
public record GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, CaptureSettings capture,
                            LimitSettings limits, SecuritySettings security, List<ProfileConfig> profiles) {

    /** The name reserved for the gateway's own built-in server. */
    public static final String BUILTIN_SERVER = "gatehouse";

    public GatewayConfig {
        servers = List.copyOf(servers);
        profiles = List.copyOf(profiles);
        if (gateway == null || capture == null || limits == null || security == null) {
            throw new IllegalArgumentException("gateway, capture, limits and security settings must be set");
        }
    }

    /** No profiles. */
    public GatewayConfig(GatewaySettings gateway, List<ServerConfig> servers, CaptureSettings capture,
                         LimitSettings limits, SecuritySettings security) {
        this(gateway, servers, capture, limits, security, List.of());
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
        return new GatewayConfig(newGateway, servers, capture, limits, security, profiles);
    }

    public GatewayConfig withProfiles(List<ProfileConfig> newProfiles) {
        return new GatewayConfig(gateway, servers, capture, limits, security, newProfiles);
    }

    public Optional<ProfileConfig> profile(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ServerConfig> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
