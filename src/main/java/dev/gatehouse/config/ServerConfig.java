package dev.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code [servers.NAME]} table: a stdio server the gateway spawns. Immutable; {@code env} keeps the
 * declared order. {@code cwd} is null when not configured. {@code tools} says which of its tools clients see.
 */
public record ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                           boolean enabled, Duration timeout, ToolRules tools) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ServerConfig {
        if (name == null || command == null || args == null || env == null || timeout == null || tools == null) {
            throw new IllegalArgumentException("server config fields must not be null (cwd may be)");
        }
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }

    /** A server whose every tool is visible. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout) {
        this(name, command, args, env, cwd, enabled, timeout, ToolRules.NONE);
    }
}
