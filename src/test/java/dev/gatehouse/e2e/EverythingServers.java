package dev.gatehouse.e2e;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.TestPeers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** server-everything from the pinned npm peers, as stdio server configs under any name. */
final class EverythingServers {

    private EverythingServers() {
    }

    static ServerConfig named(String name) {
        return new ServerConfig(name, TestPeers.node22().toString(),
                List.of(TestPeers.serverEverythingEntry().toString(), "stdio"), Map.of(), null, true,
                Duration.ofSeconds(60));
    }
}
