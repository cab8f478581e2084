package dev.gatehouse.admin;

import dev.gatehouse.proxy.Gateway;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;

/** Every resource of the management API, assembled once for the socket plane to route to. */
public record ManagementApi(StatusResource status, ServersResource servers, SessionsResource sessions,
                            ConfigService config, Gateway gateway) {

    public static ManagementApi assemble(Gateway gateway, Path configFile, Path home, URI mcpUrl,
                                         InstantSource clock) {
        ConfigService config = new ConfigService(configFile, gateway, clock);
        ServersResource servers = new ServersResource(gateway, config);
        return new ManagementApi(new StatusResource(gateway, servers, config, clock, home, mcpUrl), servers,
                new SessionsResource(gateway), config, gateway);
    }

    /** The Prometheus text exposition. */
    public String metrics() {
        return gateway.metrics().scrape();
    }
}
