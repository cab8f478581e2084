package dev.gatehouse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Turns a parsed config.toml tree into a {@link GatewayConfig}, reporting everything wrong with it. */
final class GatewayConfigReader {

    static final List<String> TOP_LEVEL_KEYS = List.of("gateway", "servers", "limits");
    static final List<String> GATEWAY_KEYS = List.of("port", "max_body_bytes", "max_json_depth", "max_sessions",
            "session_idle_minutes", "require_token", "approve_new_tools");

    private GatewayConfigReader() {
    }

    /** The config, or empty when anything was reported. */
    static Optional<GatewayConfig> read(JsonNode root, ProblemCollector problems) {
        TableReader top = new TableReader(root, List.of(), problems);
        top.rejectUnknownKeys("at top level", TOP_LEVEL_KEYS);
        GatewaySettings gateway = top.table("gateway")
                .map(table -> settings(new TableReader(table, List.of("gateway"), problems)))
                .orElse(GatewaySettings.DEFAULTS);
        SecuritySettings security = top.table("gateway")
                .map(table -> SecuritySettingsReader.read(new TableReader(table, List.of("gateway"), problems),
                        problems))
                .orElse(SecuritySettings.DEFAULTS);
        LimitSettings limits = top.table("limits")
                .map(table -> LimitSettingsReader.read(new TableReader(table, List.of("limits"), problems)))
                .orElse(LimitSettings.DEFAULTS);
        List<ServerConfig> servers = new ArrayList<>();
        top.table("servers").ifPresent(table -> {
            for (Map.Entry<String, JsonNode> server : table.properties()) {
                ServerConfigReader.read(server.getKey(), server.getValue(), problems).ifPresent(servers::add);
            }
        });
        if (problems.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(new GatewayConfig(gateway, servers, limits, security));
    }

    private static GatewaySettings settings(TableReader table) {
        table.rejectUnknownKeys("in [gateway]", GATEWAY_KEYS);
        GatewaySettings defaults = GatewaySettings.DEFAULTS;
        return new GatewaySettings(
                (int) table.integer("port", 0, 65535, defaults.port()),
                table.integer("max_body_bytes", 1024, Long.MAX_VALUE, defaults.maxBodyBytes()),
                (int) table.integer("max_json_depth", 8, 1000, defaults.maxJsonDepth()),
                (int) table.integer("max_sessions", 1, 100_000, defaults.maxSessions()),
                // Capped at int range so that the Duration below cannot overflow.
                Duration.ofMinutes(table.integer("session_idle_minutes", 1, Integer.MAX_VALUE,
                        defaults.sessionIdleTimeout().toMinutes())));
    }
}
