package dev.gatehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code [servers.NAME]} table: a stdio server the gateway spawns ({@code command}) or a remote one it connects
 * to ({@code remote}); exactly one of the two is set. Immutable; {@code env} keeps the declared order. {@code cwd}
 * is null when not configured. {@code capture} says how much of its traffic is recorded ({@link CaptureMode#FULL}
 * unless configured). {@code tools} says which of its tools clients see.
 */
public record ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                           boolean enabled, Duration timeout, Remote remote, Supervision supervision,
                           CaptureMode capture, ToolRules tools, Era era) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ServerConfig {
        if (name == null || args == null || env == null || timeout == null || supervision == null
                || capture == null || tools == null || era == null) {
            throw new IllegalArgumentException("server config fields must not be null (cwd, command, remote may be)");
        }
        if ((command == null) == (remote == null)) {
            throw new IllegalArgumentException("a server has exactly one of a command and a remote url");
        }
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** Any server, its era detected. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout, Remote remote, Supervision supervision,
                        CaptureMode capture, ToolRules tools) {
        this(name, command, args, env, cwd, enabled, timeout, remote, supervision, capture, tools, Era.AUTO);
    }

    /** A stdio server with the default supervision, its traffic captured in full. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout) {
        this(name, command, args, env, cwd, enabled, timeout, null, Supervision.DEFAULTS, CaptureMode.FULL,
                ToolRules.NONE);
    }

    /** A stdio server with the default supervision and the given capture mode. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout, CaptureMode capture) {
        this(name, command, args, env, cwd, enabled, timeout, null, Supervision.DEFAULTS, capture, ToolRules.NONE);
    }

    /** A stdio server with the default supervision and full capture, showing the tools {@code tools} allows. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout, ToolRules tools) {
        this(name, command, args, env, cwd, enabled, timeout, null, Supervision.DEFAULTS, CaptureMode.FULL, tools);
    }

    /** Any server, its traffic captured in full, every tool visible. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout, Remote remote, Supervision supervision) {
        this(name, command, args, env, cwd, enabled, timeout, remote, supervision, CaptureMode.FULL, ToolRules.NONE);
    }

    /** Any server, every tool visible. */
    public ServerConfig(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                        boolean enabled, Duration timeout, Remote remote, Supervision supervision,
                        CaptureMode capture) {
        this(name, command, args, env, cwd, enabled, timeout, remote, supervision, capture, ToolRules.NONE);
    }

    /** A remote server with the default supervision, its traffic captured in full. */
    public static ServerConfig remote(String name, Remote remote, boolean enabled, Duration timeout) {
        return new ServerConfig(name, null, List.of(), Map.of(), null, enabled, timeout, remote,
                Supervision.DEFAULTS, CaptureMode.FULL);
    }

    public boolean isRemote() {
        return remote != null;
    }

    /** {@code stdio}, or the remote transport. */
    public String transport() {
        return remote == null ? "stdio" : remote.transport().label();
    }

    public ServerConfig withEnabled(boolean on) {
        return new ServerConfig(name, command, args, env, cwd, on, timeout, remote, supervision, capture, tools,
                era);
    }

    /**
     * A remote server: its URL, the headers sent with each request (values never shown), the transport, and how it
     * is signed in to.
     */
    public record Remote(URI url, Map<String, String> headers, RemoteTransport transport, RemoteAuth auth) {

        public Remote {
            if (url == null || headers == null || transport == null || auth == null) {
                throw new IllegalArgumentException("a remote server needs a url, headers, a transport and auth");
            }
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** OAuth only once the server asks for it, with no client configured. */
        public Remote(URI url, Map<String, String> headers, RemoteTransport transport) {
            this(url, headers, transport, RemoteAuth.AUTO);
        }

        /** No extra headers; the transport negotiated as the specification describes. */
        public static Remote of(URI url) {
            return new Remote(url, Map.of(), RemoteTransport.AUTO);
        }

        /** Header values may be credentials, so only their names are shown. */
        @Override
        public String toString() {
            return "Remote[url=" + url + ", headers=" + headers.keySet() + ", transport=" + transport.label()
                    + ", auth=" + auth + "]";
        }
    }

    /**
     * Which HTTP transport to speak to a remote server; {@link #AUTO} tries Streamable HTTP first and falls back to
     * the older HTTP+SSE transport as the specification describes.
     */
    public enum RemoteTransport {
        AUTO, STREAMABLE_HTTP, SSE;

        /** The spelling used in config.toml. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<RemoteTransport> fromLabel(String label) {
            return Arrays.stream(values()).filter(t -> t.label().equals(label.toLowerCase(Locale.ROOT))).findFirst();
        }
    }

    /**
     * Which era of MCP a stdio server is spoken to in: {@link #AUTO} asks {@code server/discover} first and falls
     * back to {@code initialize}; {@link #LEGACY} sends {@code initialize} alone (for a server that cannot bear an
     * unknown method); {@link #MODERN} requires a 2026-07-28 answer to {@code server/discover}.
     */
    public enum Era {
        AUTO, LEGACY, MODERN;

        /** The spelling used in config.toml. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** When the server starts. */
    public enum StartMode {
        /** With the gateway, and again after a crash once its backoff has passed. */
        EAGER,
        /** On first use; after a crash, on the next use. */
        LAZY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the gateway looks after a server: start mode, a ping every {@code healthInterval} (zero: never) that
     * restarts a server which stops answering, and an idle time after which a running server is stopped (zero:
     * never).
     */
    public record Supervision(StartMode start, Duration healthInterval, Duration idleShutdown) {

        public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(30);
        public static final Supervision DEFAULTS =
                new Supervision(StartMode.EAGER, DEFAULT_HEALTH_INTERVAL, Duration.ZERO);

        public Supervision {
            if (start == null || healthInterval == null || idleShutdown == null
                    || healthInterval.isNegative() || idleShutdown.isNegative()) {
                throw new IllegalArgumentException("supervision needs a start mode and non-negative durations");
            }
        }
    }
}
