package dev.gatehouse.admin;

import dev.gatehouse.oauth.OAuthCredentials;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.vault.Vault;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;

/** Every resource of the management API, assembled once for the socket plane to route to. */
public record ManagementApi(StatusResource status, ServersResource servers, SessionsResource sessions,
                            ConfigService config, SecretsResource secrets, ImportResource imports, AuthResource auth,
                            Gateway gateway) {

    public static ManagementApi assemble(Gateway gateway, Vault vault, Path configFile, Path home, URI mcpUrl,
                                         InstantSource clock, OAuthCredentials oauth) {
        ConfigService config = new ConfigService(configFile, gateway, clock);
        ServersResource servers = new ServersResource(gateway, config);
        SecretsResource secrets = new SecretsResource(vault, gateway);
        return new ManagementApi(new StatusResource(gateway, servers, config, secrets, clock, home, mcpUrl), servers,
                new SessionsResource(gateway), config, secrets,
                new ImportResource(config, configFile, vault, ImportResource.Machine.current()),
                new AuthResource(gateway, oauth), gateway);
    }

    /** The Prometheus text exposition. */
    public String metrics() {
        return gateway.metrics().scrape();
    }
}
