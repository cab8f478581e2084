package dev.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code [servers.NAME]} table: either a stdio server the gateway spawns ({@code command}, with {@code args},
 * {@code env} and {@code cwd}) or a remote server it reaches over HTTP ({@code remote}); exactly one of
 * {@code command} and {@code remote} is set. Immutable; {@code env} keeps the declared order. {@code cwd} is null
 * when not configured.
 */
public record ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                           boolean enabled, Duration timeout, RemoteEndpoint remote) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ServerConfig {
        if (name == null || args == null || env == null || timeout == null) {
            throw new IllegalArgumentException("server config fields must not be null (cwd may be)");
        }
        if ((command == null) == (remote == null)) {
            throw new IllegalArgumentException("a server has either a command or a remote endpoint, not both");
        }
        if (remote != null && (!args.isEmpty() || !env.isEmpty() || cwd != null)) {
            throw new IllegalArgumentException("args, env and cwd belong to command servers only");
        }
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }

    /** A stdio server. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout) {
        this(name, command, args, env, cwd, enabled, timeout, null);
    }

    /** A remote server. */
    public static ServerConfig remote(String name, RemoteEndpoint remote, boolean enabled, Duration timeout) {
        return new ServerConfig(name, null, List.of(), Map.of(), null, enabled, timeout, remote);
    }

    public boolean isRemote() {
        return remote != null;
    }
}
