package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.routing.Namespace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which servers each endpoint path shows, and how it names them. */
class EndpointsTest {

    private static final GatewayConfig CONFIG = load();

    private static GatewayConfig load() {
        try {
            return ConfigLoader.parse("config.toml", """
                    [servers.alpha]
                    command = "a"
                    [servers.beta]
                    command = "b"
                    [profiles.mine]
                    servers = ["alpha", "gatehouse"]
                    """);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theAggregateSeesEveryServerAndAServerEndpointOnlyItsOwn() {
        assertThat(Endpoints.sees("/mcp", "beta", CONFIG)).isTrue();
        assertThat(Endpoints.sees("/s/beta/mcp", "beta", CONFIG)).isTrue();
        assertThat(Endpoints.sees("/s/beta/mcp", "alpha", CONFIG)).isFalse();
    }

    @Test
    void aProfileSeesExactlyTheServersItLists() {
        assertThat(Endpoints.sees("/p/mine/mcp", "alpha", CONFIG)).isTrue();
        assertThat(Endpoints.sees("/p/mine/mcp", "gatehouse", CONFIG)).isTrue();
        assertThat(Endpoints.sees("/p/mine/mcp", "beta", CONFIG)).isFalse();
        assertThat(Endpoints.sees("/p/gone/mcp", "alpha", CONFIG)).isFalse();
        assertThat(Endpoints.sees("/p/mine/mcp", "alpha", CONFIG.withProfiles(List.of()))).isFalse();
    }

    @Test
    void pathsThatAreNotExactlyAnEndpointNameNothing() {
        assertThat(Endpoints.profile("/p/mine/mcp")).contains("mine");
        assertThat(Endpoints.server("/s/alpha/mcp")).contains("alpha");
        for (String path : new String[] {"/p//mcp", "/p/mcp", "/p/mine/mcp/", "/p/mine", "/s/alpha/mcp/x", "/mcp"}) {
            assertThat(Endpoints.profile(path)).as(path).isEmpty();
        }
        assertThat(Endpoints.profile("/p/a/b/mcp")).contains("a/b");
        assertThat(Endpoints.sees("/p/a/b/mcp", "alpha", CONFIG)).isFalse();
    }

    @Test
    void onlyAServerEndpointShowsUnprefixedNames() {
        assertThat(Endpoints.namespace("/s/alpha/mcp", "alpha")).isEqualTo(new Namespace.Single("alpha"));
        assertThat(Endpoints.namespace("/p/mine/mcp", "alpha")).isInstanceOf(Namespace.Prefixed.class);
        assertThat(Endpoints.namespace("/mcp", "alpha")).isInstanceOf(Namespace.Prefixed.class);
    }
}
