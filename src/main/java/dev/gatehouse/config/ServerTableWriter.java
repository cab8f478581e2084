package dev.gatehouse.config;

import dev.gatehouse.vault.UrlReferences;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders one server as a {@code [servers.NAME]} table (or a profile as {@code [profiles.NAME]}), writing only what
 * differs from the defaults so that the table reads like one a person wrote. {@link ConfigEditor} checks that it
 * loads back to the same server.
 */
final class ServerTableWriter {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private ServerTableWriter() {
    }

    static String render(ProfileConfig profile) {
        StringBuilder toml = new StringBuilder("[profiles.").append(key(profile.name())).append("]\n");
        line(toml, "servers", array(profile.servers()));
        if (profile.description() != null) {
            line(toml, "description", string(profile.description()));
        }
        return toml.toString();
    }

    static String render(ServerConfig server) {
        StringBuilder toml = new StringBuilder("[servers.").append(key(server.name())).append("]\n");
        if (server.remote() == null) {
            line(toml, "command", string(server.command()));
            if (!server.args().isEmpty()) {
                line(toml, "args", array(server.args()));
            }
            if (!server.env().isEmpty()) {
                line(toml, "env", inlineTable(server.env()));
            }
            if (server.cwd() != null) {
                line(toml, "cwd", string(server.cwd().toString()));
            }
            if (server.era() != ServerConfig.Era.AUTO) {
                line(toml, "era", string(server.era().label()));
            }
        } else {
            line(toml, "url", string(UrlReferences.decoded(server.remote().url().toString())));
            if (!server.remote().headers().isEmpty()) {
                line(toml, "headers", inlineTable(server.remote().headers()));
            }
            if (server.remote().transport() != ServerConfig.RemoteTransport.AUTO) {
                line(toml, "transport", string(server.remote().transport().label()));
            }
        }
        if (server.capture() != CaptureMode.FULL) {
            line(toml, "capture", string(server.capture().label()));
        }
        ToolRules tools = server.tools();
        if (!tools.allow().isEmpty()) {
            line(toml, "allow_tools", array(tools.allow()));
        }
        if (!tools.deny().isEmpty()) {
            line(toml, "deny_tools", array(tools.deny()));
        }
        if (tools.approveNewTools() != null) {
            line(toml, "approve_new_tools", string(tools.approveNewTools().label()));
        }
        if (!server.enabled()) {
            line(toml, "enabled", "false");
        }
        if (!server.timeout().equals(ServerConfig.DEFAULT_TIMEOUT)) {
            line(toml, "timeout_seconds", Long.toString(server.timeout().toSeconds()));
        }
        ServerConfig.Supervision supervision = server.supervision();
        ServerConfig.Supervision defaults = ServerConfig.Supervision.DEFAULTS;
        if (supervision.start() != defaults.start()) {
            line(toml, "start", string(supervision.start().label()));
        }
        if (!supervision.healthInterval().equals(defaults.healthInterval())) {
            line(toml, "health_check_seconds", Long.toString(supervision.healthInterval().toSeconds()));
        }
        if (!supervision.idleShutdown().isZero()) {
            line(toml, "idle_shutdown_minutes", Long.toString(supervision.idleShutdown().toMinutes()));
        }
        if (server.remote() != null) {
            auth(toml, server.name(), server.remote().auth());
        }
        return toml.toString();
    }

    /**
     * {@code auth} and the {@code [servers.NAME.oauth]} sub-table, last because a sub-table ends the server's own
     * keys. A sub-table alone already means OAuth from the start, so {@code auth} is written only where it says
     * something the table does not.
     */
    private static void auth(StringBuilder toml, String name, RemoteAuth auth) {
        boolean client = auth.clientId().isPresent() || auth.clientMetadataUrl().isPresent()
                || !auth.scopes().isEmpty();
        if (auth.oauth() != client) {
            line(toml, "auth", string(auth.label()));
        }
        if (!client) {
            return;
        }
        toml.append("\n[servers.").append(key(name)).append(".oauth]\n");
        auth.clientId().ifPresent(id -> line(toml, "client_id", string(id)));
        auth.clientSecret().ifPresent(secret -> line(toml, "client_secret",
                string(secret.reference())));
        auth.clientMetadataUrl().ifPresent(url -> line(toml, "client_metadata_url", string(url.toString())));
        if (!auth.scopes().isEmpty()) {
            line(toml, "scopes", array(auth.scopes()));
        }
    }

    private static void line(StringBuilder toml, String key, String value) {
        toml.append(key).append(" = ").append(value).append('\n');
    }

    private static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : string(key);
    }

    private static String array(List<String> values) {
        return "[" + String.join(", ", values.stream().map(ServerTableWriter::string).toList()) + "]";
    }

    private static String inlineTable(Map<String, String> values) {
        return "{ " + String.join(", ", values.entrySet().stream()
                .map(e -> key(e.getKey()) + " = " + string(e.getValue())).toList()) + " }";
    }

    /** A TOML basic string: quotes, backslashes and control characters escaped. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\u%04X".formatted(c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
