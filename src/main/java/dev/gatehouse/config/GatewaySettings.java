package dev.gatehouse.config;

import java.time.Duration;

/**
 * The {@code [gateway]} table. Every bound has a default chosen for one person's agents on one machine.
 * {@code shutdownGrace} is how long SIGINT/SIGTERM waits for requests in flight before stopping the servers.
 */
public record GatewaySettings(int port, long maxBodyBytes, int maxJsonDepth, int maxSessions,
                              Duration sessionIdleTimeout, Duration shutdownGrace) {

    public static final int DEFAULT_PORT = 9470;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final GatewaySettings DEFAULTS = new GatewaySettings(DEFAULT_PORT, 4L * 1024 * 1024, 64, 256,
            Duration.ofMinutes(30), DEFAULT_SHUTDOWN_GRACE);

    public GatewaySettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (sessionIdleTimeout == null || shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("durations must be set and not negative");
        }
    }

    public GatewaySettings(int port, long maxBodyBytes, int maxJsonDepth, int maxSessions,
                           Duration sessionIdleTimeout) {
        this(port, maxBodyBytes, maxJsonDepth, maxSessions, sessionIdleTimeout, DEFAULT_SHUTDOWN_GRACE);
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(newPort, maxBodyBytes, maxJsonDepth, maxSessions, sessionIdleTimeout,
                shutdownGrace);
    }

    public GatewaySettings withShutdownGrace(Duration grace) {
        return new GatewaySettings(port, maxBodyBytes, maxJsonDepth, maxSessions, sessionIdleTimeout, grace);
    }
}
