package dev.gatehouse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Turns a parsed config.toml tree into a {@link GatewayConfig}, reporting everything wrong with it. */
final class GatewayConfigReader {

    static final List<String> TOP_LEVEL_KEYS = List.of("gateway", "servers", "profiles", "capture", "limits");
    static final List<String> GATEWAY_KEYS =
            List.of("port", "max_body_bytes", "max_json_depth", "max_sessions", "session_idle_minutes",
                    "shutdown_grace_seconds", "require_token", "approve_new_tools");
    static final List<String> CAPTURE_KEYS = List.of("max_age_days", "max_size_mb", "queue_capacity", "max_body_kb",
            "queue_max_mb");

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
        CaptureSettings capture = top.table("capture")
                .map(table -> capture(new TableReader(table, List.of("capture"), problems)))
                .orElse(CaptureSettings.DEFAULTS);
        List<ServerConfig> servers = new ArrayList<>();
        Set<String> serverNames = new HashSet<>();
        top.table("servers").ifPresent(table -> {
            for (Map.Entry<String, JsonNode> server : table.properties()) {
                serverNames.add(server.getKey());
                ServerConfigReader.read(server.getKey(), server.getValue(), problems).ifPresent(servers::add);
            }
        });
        List<ProfileConfig> profiles = top.table("profiles")
                .map(table -> ProfileConfigReader.read(table, serverNames, problems))
                .orElse(List.of());
        if (problems.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(new GatewayConfig(gateway, servers, capture, limits, security, profiles));
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
                        defaults.sessionIdleTimeout().toMinutes())),
                Duration.ofSeconds(table.integer("shutdown_grace_seconds", 0, 300,
                        defaults.shutdownGrace().toSeconds())));
    }

    private static CaptureSettings capture(TableReader table) {
        table.rejectUnknownKeys("in [capture]", CAPTURE_KEYS);
        CaptureSettings defaults = CaptureSettings.DEFAULTS;
        long mebibyte = 1024 * 1024;
        return new CaptureSettings(
                Duration.ofDays(table.integer("max_age_days", 1, 36_500, defaults.maxAge().toDays())),
                table.integer("max_size_mb", 1, 1024 * 1024, defaults.maxBytes() / mebibyte) * mebibyte,
                (int) table.integer("queue_capacity", 64, 1_000_000, defaults.queueCapacity()),
                (int) table.integer("max_body_kb", 0, 64 * 1024, defaults.maxBodyBytes() / 1024) * 1024,
                table.integer("queue_max_mb", 1, 4096, defaults.queueBytes() / mebibyte) * mebibyte);
    }
}
