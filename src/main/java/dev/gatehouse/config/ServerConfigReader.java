package dev.gatehouse.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Turns one {@code [servers.NAME]} table into a {@link ServerConfig}, reporting everything wrong with it. */
final class ServerConfigReader {

    static final List<String> KEYS = List.of("command", "args", "env", "cwd", "enabled", "timeout_seconds",
            "allow_tools", "deny_tools", "approve_new_tools");

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

        Optional<String> command = table.string("command");
        if (!table.has("command")) {
            problems.atKey(path, label + " is missing required key 'command'");
        } else if (command.isPresent() && command.get().isBlank()) {
            problems.atValue(table.pathOf("command"), "'command' must not be empty");
        }
        List<String> args = table.strings("args").orElse(List.of());
        Map<String, String> env = table.stringTable("env").orElse(Map.of());
        env.keySet().stream()
                .filter(variable -> !ENV_NAME.matcher(variable).matches())
                .forEach(variable -> problems.atKey(table.pathOf("env", variable), "invalid environment variable"
                        + " name '" + variable + "': use letters, digits and '_', not starting with a digit"));
        Path cwd = table.string("cwd").map(dir -> absoluteDirectory(dir, table, problems)).orElse(null);
        boolean enabled = table.bool("enabled", true);
        long timeout = table.integer("timeout_seconds", 1, MAX_TIMEOUT_SECONDS,
                ServerConfig.DEFAULT_TIMEOUT.toSeconds());
        ToolRules tools = new ToolRules(table.strings("allow_tools").orElse(List.of()),
                table.strings("deny_tools").orElse(List.of()),
                SecuritySettingsReader.approval(table, problems).orElse(null));

        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig(name, command.orElseThrow(), args, env, cwd, enabled,
                Duration.ofSeconds(timeout), tools));
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
