package dev.gatehouse.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns one {@code [servers.NAME]} table into a {@link ServerConfig}, reporting everything wrong with it. A table
 * with {@code url} is a remote server, any other a command server; keys of the other kind are errors.
 */
final class ServerConfigReader {

    static final List<String> KEYS = List.of("command", "args", "env", "cwd", "url", "headers", "transport",
            "enabled", "timeout_seconds");
    private static final List<String> COMMAND_ONLY = List.of("args", "env", "cwd");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MAX_TIMEOUT_SECONDS = 3600;

    private ServerConfigReader() {
    }

    /** The server, or empty when anything about it was reported. */
    static Optional<ServerConfig> read(String name, JsonNode value, ProblemCollector problems) {
        List<String> path = List.of("servers", name);
        String label = "[servers." + name + "]";
        if (!value.isObject()) {
            problems.atValue(path, "'servers." + name + "' must be a table, got " + TableReader.tomlType(value));
            return Optional.empty();
        }
        int before = problems.count();
        ServerNameRule.problemWith(name).ifPresent(message -> problems.atKey(path, message));
        TableReader table = new TableReader(value, path, problems);
        table.rejectUnknownKeys("in " + label, KEYS);

        boolean remote = table.has("url");
        if (remote && table.has("command")) {
            problems.atKey(table.pathOf("url"), label + " has both 'command' and 'url': a server is either started"
                    + " as a command or reached at a URL");
        } else {
            if (!remote && !table.has("command")) {
                problems.atKey(path, label + " is missing required key 'command' (or 'url' for a remote server)");
            }
            for (String key : remote ? COMMAND_ONLY : RemoteEndpointReader.KEYS) {
                if (table.has(key)) {
                    problems.atKey(table.pathOf(key), "'" + key + "' applies only to servers with "
                            + (remote ? "a 'command'" : "a 'url'"));
                }
            }
        }
        boolean enabled = table.bool("enabled", true);
        Duration timeout = Duration.ofSeconds(table.integer("timeout_seconds", 1, MAX_TIMEOUT_SECONDS,
                ServerConfig.DEFAULT_TIMEOUT.toSeconds()));
        if (remote) {
            Optional<RemoteEndpoint> endpoint = RemoteEndpointReader.read(table, problems);
            return problems.count() > before ? Optional.empty()
                    : endpoint.map(e -> ServerConfig.remote(name, e, enabled, timeout));
        }
        Optional<String> command = table.string("command");
        if (command.isPresent() && command.get().isBlank()) {
            problems.atValue(table.pathOf("command"), "'command' must not be empty");
        }
        List<String> args = table.strings("args").orElse(List.of());
        Map<String, String> env = table.stringTable("env").orElse(Map.of());
        env.keySet().stream()
                .filter(variable -> !ENV_NAME.matcher(variable).matches())
                .forEach(variable -> problems.atKey(table.pathOf("env", variable), "invalid environment variable"
                        + " name '" + variable + "': use letters, digits and '_', not starting with a digit"));
        Path cwd = table.string("cwd").map(dir -> absoluteDirectory(dir, table, problems)).orElse(null);

        if (problems.count() > before || command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig(name, command.get(), args, env, cwd, enabled, timeout));
    }

    /** A relative cwd would depend on wherever the gateway happened to be started, so it is refused. */
    private static Path absoluteDirectory(String dir, TableReader table, ProblemCollector problems) {
        try {
            Path path = Path.of(dir);
            if (path.isAbsolute()) {
                return path;
            }
            problems.atValue(table.pathOf("cwd"), "'cwd' must be an absolute path, got '" + dir + "'");
        } catch (InvalidPathException e) {
            problems.atValue(table.pathOf("cwd"), "'cwd' is not a valid path: " + e.getReason());
        }
        return null;
    }
}
