package dev.gatehouse.admin;

import dev.gatehouse.oauth.OAuthCredentials;
import dev.gatehouse.config.PlaneToken;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.vault.Vault;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;

/** Every resource of the management API, assembled once for the socket plane to route to. */
public record ManagementApi(StatusResource status, ServersResource servers, SessionsResource sessions,
                            ConfigService config, SecretsResource secrets, ImportResource imports, AuthResource auth,
                            Gateway gateway, ToolsResource tools, TokenResource token) {

    /** {@code token} is the MCP plane's bearer token, the one instance the plane checks. */
    public static ManagementApi assemble(Gateway gateway, Vault vault, Path configFile, Path home, URI mcpUrl,
                                         InstantSource clock, PlaneToken token, OAuthCredentials oauth) {
        ConfigService config = new ConfigService(configFile, gateway, clock);
        ToolsResource tools = new ToolsResource(gateway);
        ServersResource servers = new ServersResource(gateway, config, tools);
        SecretsResource secrets = new SecretsResource(vault, gateway);
        return new ManagementApi(new StatusResource(gateway, servers, config, secrets, clock, home, mcpUrl, tools),
                servers, new SessionsResource(gateway), config, secrets,
                new ImportResource(config, configFile, vault, ImportResource.Machine.current()),
                new AuthResource(gateway, oauth), gateway, tools,
                new TokenResource(token, home.resolve(PlaneToken.FILE_NAME),
                        gateway.upstreams().config().security().requireToken()));
    }

    /** The Prometheus text exposition. */
    public String metrics() {
        return gateway.metrics().scrape();
    }
}
