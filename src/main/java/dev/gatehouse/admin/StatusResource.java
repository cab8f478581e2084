package dev.gatehouse.admin;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.admin.api.StatusReport;
import dev.gatehouse.proxy.Gateway;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The gateway at a glance: version, uptime, sessions, each server's state, whether config.toml applied, which
 * key backend protects the vault, whether traffic is being recorded, the tools whose text carries
 * hidden-instruction marks, and the profiles with their URLs.
 */
public final class StatusResource {

    private final Gateway gateway;
    private final ServersResource servers;
    private final ConfigService config;
    private final SecretsResource secrets;
    private final TrafficResource traffic;
    private final InstantSource clock;
    private final Instant startedAt;
    private final Path home;
    private final URI mcpUrl;
    private final ToolsResource tools;
    private final ProfilesResource profiles;

    public StatusResource(Gateway gateway, ServersResource servers, ConfigService config, SecretsResource secrets,
                          TrafficResource traffic, InstantSource clock, Path home, URI mcpUrl, ToolsResource tools,
                          ProfilesResource profiles) {
        this.profiles = profiles;
        this.gateway = gateway;
        this.servers = servers;
        this.config = config;
        this.secrets = secrets;
        this.traffic = traffic;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.home = home;
        this.mcpUrl = mcpUrl;
        this.tools = tools;
    }

    public StatusReport status() {
        return new StatusReport(ClientIdentity.VERSION, ProcessHandle.current().pid(), startedAt.toString(),
                Duration.between(startedAt, clock.instant()).toSeconds(), home.toString(), mcpUrl.toString(),
                gateway.sessionCount(), servers.list(), config.status(), secrets.status(), traffic.status(),
                tools.warnings(), profiles.list());
    }
}
