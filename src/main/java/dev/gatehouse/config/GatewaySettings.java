package dev.gatehouse.config;

import java.time.Duration;

/** The {@code [gateway]} table. Every bound has a default chosen for one person's agents on one machine. */
public record GatewaySettings(int port, long maxBodyBytes, int maxJsonDepth, int maxSessions,
                              Duration sessionIdleTimeout) {

    public static final int DEFAULT_PORT = 9470;
    public static final GatewaySettings DEFAULTS =
            new GatewaySettings(DEFAULT_PORT, 4L * 1024 * 1024, 64, 256, Duration.ofMinutes(30));

    public GatewaySettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(newPort, maxBodyBytes, maxJsonDepth, maxSessions, sessionIdleTimeout);
    }
}
