package dev.gatehouse.config;

import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.config.ServerConfig.Era;
import dev.gatehouse.config.ServerConfig.Remote;
import dev.gatehouse.config.ServerConfig.StartMode;
import dev.gatehouse.config.ServerConfig.Supervision;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Turns one {@code [servers.NAME]} table into a {@link ServerConfig}, reporting everything wrong with it. */
final class ServerConfigReader {

    static final List<String> KEYS = List.of("command", "args", "env", "cwd", "url", "headers", "transport", "auth",
            "oauth", "enabled", "timeout_seconds", "start", "health_check_seconds", "idle_shutdown_minutes", "capture",
            "allow_tools", "deny_tools", "approve_new_tools", "era");

    private static final List<String> STDIO_ONLY = List.of("args", "env", "cwd", "era");
    private static final List<String> REMOTE_ONLY = List.of("headers", "transport", "auth", "oauth");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MAX_TIMEOUT_SECONDS = 3600;
    private static final long MAX_HEALTH_SECONDS = 86_400;
    private static final long MAX_IDLE_MINUTES = 525_600;

    private ServerConfigReader() {
    }

    /** The server, or empty when anything about it was reported. */
    static Optional<ServerConfig> read(String name, JsonNode value, ProblemCollector problems) {
        List<String> path = List.of("servers", name);
        String label = "[servers." + name + "]";
        int before = problems.count();
        Optional<TableReader> named = TableReader.named("servers", name, value, KEYS, problems);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        ServerNameRule.problemWith(name).ifPresent(message -> problems.atKey(path, message));
        TableReader table = named.get();

        boolean stdio = table.has("command");
        boolean remote = table.has("url");
        if (stdio == remote) {
            problems.atKey(path, stdio
                    ? label + " has both 'command' and 'url'; a server is either a stdio command or a remote url"
                    : label + " needs either 'command' (a stdio server) or 'url' (a remote server)");
        }
        List<String> misplaced = remote ? STDIO_ONLY : REMOTE_ONLY;
        misplaced.stream().filter(table::has).forEach(key -> problems.atKey(table.pathOf(key), "'" + key
                + "' applies to " + (remote ? "stdio servers ('command')" : "remote servers ('url')") + " only"));

        Optional<String> command = table.string("command");
        if (command.isPresent() && command.get().isBlank()) {
            problems.atValue(table.pathOf("command"), "'command' must not be empty");
        }
        command.ifPresent(text -> SecretReferenceRule.checkElsewhere("command", text, table.pathOf("command"),
                problems));
        List<String> args = table.strings("args").orElse(List.of());
        for (int i = 0; i < args.size(); i++) {
            SecretReferenceRule.checkArgument(i, args.get(i), table.pathOf("args", "[" + i + "]"), problems);
        }
        Map<String, String> env = table.stringTable("env").orElse(Map.of());
        env.keySet().stream()
                .filter(variable -> !ENV_NAME.matcher(variable).matches())
                .forEach(variable -> problems.atKey(table.pathOf("env", variable), "invalid environment variable"
                        + " name '" + variable + "': use letters, digits and '_', not starting with a digit"));
        env.forEach((variable, text) -> SecretReferenceRule.checkEnvValue(variable, text,
                table.pathOf("env", variable), problems));
        Optional<String> cwdText = table.string("cwd");
        cwdText.ifPresent(text -> SecretReferenceRule.checkElsewhere("cwd", text, table.pathOf("cwd"), problems));
        Path cwd = cwdText.filter(text -> !SecretRef.mentionsSecret(text))
                .map(dir -> absoluteDirectory(dir, table, problems)).orElse(null);
        Remote remoteServer = remote ? RemoteEndpointReader.read(table, problems).orElse(null) : null;
        boolean enabled = table.bool("enabled", true);
        long timeout = table.integer("timeout_seconds", 1, MAX_TIMEOUT_SECONDS,
                ServerConfig.DEFAULT_TIMEOUT.toSeconds());
        ToolRules tools = new ToolRules(table.strings("allow_tools").orElse(List.of()),
                table.strings("deny_tools").orElse(List.of()),
                SecuritySettingsReader.approval(table, problems).orElse(null));
        Supervision supervision = supervision(table, problems);
        CaptureMode capture = table.string("capture").map(mode -> captureMode(mode, table, problems))
                .orElse(CaptureMode.FULL);
        Era era = choice(table, problems, "era", Era.values(), Era::label).orElse(Era.AUTO);

        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig(name, remote ? null : command.orElseThrow(), args, env, cwd, enabled,
                Duration.ofSeconds(timeout), remoteServer, supervision, capture, tools, era));
    }

    private static Supervision supervision(TableReader table, ProblemCollector problems) {
        StartMode start = choice(table, problems, "start", StartMode.values(), StartMode::label)
                .orElse(Supervision.DEFAULTS.start());
        long health = table.integer("health_check_seconds", 0, MAX_HEALTH_SECONDS,
                Supervision.DEFAULT_HEALTH_INTERVAL.toSeconds());
        long idle = table.integer("idle_shutdown_minutes", 0, MAX_IDLE_MINUTES, 0);
        return new Supervision(start, Duration.ofSeconds(health), Duration.ofMinutes(idle));
    }

    private static <E> Optional<E> choice(TableReader table, ProblemCollector problems, String key, E[] options,
                                          java.util.function.Function<E, String> label) {
        Optional<String> text = table.string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> match = Arrays.stream(options).filter(o -> label.apply(o).equals(text.get())).findFirst();
        if (match.isEmpty()) {
            problems.atValue(table.pathOf(key), "'" + key + "' must be one of: "
                    + String.join(", ", Arrays.stream(options).map(label).toList()));
        }
        return match;
    }

    private static CaptureMode captureMode(String label, TableReader table, ProblemCollector problems) {
        return CaptureMode.fromLabel(label).orElseGet(() -> {
            problems.atValue(table.pathOf("capture"), "'capture' must be one of "
                    + String.join(", ", CaptureMode.labels().stream().map(l -> '"' + l + '"').toList())
                    + ", got \"" + label + "\"");
            return CaptureMode.FULL;
        });
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
