package dev.gatehouse.admin;

import dev.gatehouse.capture.TrafficRecorder;
import dev.gatehouse.config.PlaneToken;
import dev.gatehouse.oauth.OAuthCredentials;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.vault.Vault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import tools.jackson.databind.json.JsonMapper;

/** Every resource of the management API, assembled once for the socket plane to route to. */
public record ManagementApi(StatusResource status, ServersResource servers, SessionsResource sessions,
                            ConfigService config, SecretsResource secrets, ImportResource imports, AuthResource auth,
                            Gateway gateway, ToolsResource tools, TokenResource token, TrafficResource traffic,
                            ProfilesResource profiles) {

    /** How often a quiet {@code /api/traffic/follow} stream checks that its client is still there. */
    static final Duration FOLLOW_HEARTBEAT = Duration.ofSeconds(15);

    /**
     * {@code capture} is null when the gateway records no traffic; {@code token} is the MCP plane's bearer token,
     * the one instance the plane checks.
     */
    public static ManagementApi assemble(Gateway gateway, Vault vault, TrafficRecorder capture, Path configFile,
                                         Path home, URI mcpUrl, InstantSource clock, PlaneToken token,
                                         OAuthCredentials oauth) {
        ConfigService config = new ConfigService(configFile, gateway, clock);
        ToolsResource tools = new ToolsResource(gateway);
        ServersResource servers = new ServersResource(gateway, config, tools);
        SecretsResource secrets = new SecretsResource(vault, gateway);
        TrafficResource traffic = new TrafficResource(capture, "traffic.db could not be opened (see the gateway "
                + "log)", JsonMapper.builder().build(), clock, FOLLOW_HEARTBEAT);
        ProfilesResource profiles = new ProfilesResource(gateway, config, mcpUrl);
        return new ManagementApi(
                new StatusResource(gateway, servers, config, secrets, traffic, clock, home, mcpUrl, tools, profiles),
                servers, new SessionsResource(gateway), config, secrets,
                new ImportResource(config, configFile, vault, ImportResource.Machine.current()),
                new AuthResource(gateway, oauth), gateway, tools,
                new TokenResource(token, home.resolve(PlaneToken.FILE_NAME),
                        gateway.upstreams().config().security().requireToken()),
                traffic, profiles);
    }

    /** The Prometheus text exposition. */
    public String metrics() {
        return gateway.metrics().scrape();
    }
}
