package dev.gatehouse.admin.api;

import java.util.List;
import java.util.Map;

/**
 * A server to add, or the new definition of one to update: exactly one of {@code command} and {@code url}.
 * Absent optional fields take the config defaults.
 */
public record ServerSpec(String name, String command, List<String> args, Map<String, String> env, String cwd,
                         String url, Map<String, String> headers, String transport, Boolean enabled,
                         Long timeoutSeconds, String start, Long healthCheckSeconds, Long idleShutdownMinutes) {

    public static ServerSpec stdio(String name, String command, List<String> args) {
        return new ServerSpec(name, command, args, null, null, null, null, null, null, null, null, null, null);
    }

    public static ServerSpec remote(String name, String url, Map<String, String> headers) {
        return new ServerSpec(name, null, null, null, null, url, headers, null, null, null, null, null, null);
    }
}
