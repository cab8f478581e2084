package dev.gatehouse.config;

import java.util.stream.Collectors;

/** A stable, readable text form of a loaded config, for the golden files of valid cases. */
final class ConfigRendering {

    private ConfigRendering() {
    }

    static String render(GatewayConfig config) {
        GatewaySettings gateway = config.gateway();
        StringBuilder text = new StringBuilder()
                .append("[gateway]\n")
                .append("port = ").append(gateway.port()).append('\n')
                .append("max_body_bytes = ").append(gateway.maxBodyBytes()).append('\n')
                .append("max_json_depth = ").append(gateway.maxJsonDepth()).append('\n')
                .append("max_sessions = ").append(gateway.maxSessions()).append('\n')
                .append("session_idle_timeout = ").append(gateway.sessionIdleTimeout()).append('\n')
                .append("shutdown_grace = ").append(gateway.shutdownGrace()).append('\n');
        // Shown only when set, so the golden files of cases that do not use them stay as they were.
        if (!config.security().equals(SecuritySettings.DEFAULTS)) {
            text.append("security = ").append(config.security()).append('\n');
        }
        if (!config.limits().equals(LimitSettings.DEFAULTS)) {
            text.append("limits = ").append(config.limits()).append('\n');
        }
        text.append("\n[capture]\n")
                .append("max_age = ").append(config.capture().maxAge()).append('\n')
                .append("max_bytes = ").append(config.capture().maxBytes()).append('\n')
                .append("queue_capacity = ").append(config.capture().queueCapacity()).append('\n')
                .append("queue_bytes = ").append(config.capture().queueBytes()).append('\n')
                .append("max_body_bytes = ").append(config.capture().maxBodyBytes()).append('\n');
        for (ServerConfig server : config.servers()) {
            text.append('\n').append("[servers.").append(server.name()).append("]\n");
            if (server.remote() != null) {
                text.append("url = ").append(server.remote().url()).append('\n')
                        .append("headers = ").append(server.remote().headers().keySet()).append('\n')
                        .append("transport = ").append(server.remote().transport().label()).append('\n');
                if (!server.remote().auth().equals(RemoteAuth.AUTO)) {
                    text.append("auth = ").append(server.remote().auth()).append('\n');
                }
            } else {
                text.append("command = ").append(quoted(server.command())).append('\n');
            }
            text
                    .append("args = ").append(server.args().stream().map(ConfigRendering::quoted)
                            .collect(Collectors.joining(", ", "[", "]"))).append('\n')
                    .append("env = ").append(server.env().entrySet().stream()
                            .map(e -> e.getKey() + " = " + quoted(e.getValue()))
                            .collect(Collectors.joining(", ", "{", "}"))).append('\n')
                    .append("cwd = ").append(server.cwd()).append('\n')
                    .append("enabled = ").append(server.enabled()).append('\n')
                    .append("timeout = ").append(server.timeout()).append('\n')
                    .append("start = ").append(server.supervision().start().label()).append('\n')
                    .append("health_check = ").append(server.supervision().healthInterval()).append('\n')
                    .append("idle_shutdown = ").append(server.supervision().idleShutdown()).append('\n')
                    .append("capture = ").append(server.capture().label()).append('\n');
            if (server.era() != ServerConfig.Era.AUTO) {
                text.append("era = ").append(server.era().label()).append('\n');
            }
            if (!server.tools().equals(ToolRules.NONE)) {
                text.append("tools = ").append(server.tools()).append('\n');
            }
        }
        for (ProfileConfig profile : config.profiles()) {
            text.append('\n').append("[profiles.").append(profile.name()).append("]\n")
                    .append("servers = ").append(profile.servers()).append('\n');
            if (profile.description() != null) {
                text.append("description = ").append(quoted(profile.description())).append('\n');
            }
        }
        return text.toString();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
