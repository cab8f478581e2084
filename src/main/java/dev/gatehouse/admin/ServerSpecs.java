package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ServerSpec;
import dev.gatehouse.config.CaptureMode;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ServerNameRule;
import dev.gatehouse.config.ToolApproval;
import dev.gatehouse.config.ToolRules;
import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.vault.UrlReferences;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link ServerSpec} from the API into a {@link ServerConfig}. Only the shape is checked here; every rule
 * of the config file (names, ranges, URLs) is checked again when the edited file is loaded, so the API can never
 * write what a person could not.
 */
final class ServerSpecs {

    private ServerSpecs() {
    }

    static ServerConfig toConfig(ServerSpec spec) {
        if (spec == null || spec.name() == null) {
            throw AdminProblem.badRequest("a server needs a 'name'");
        }
        ServerNameRule.problemWith(spec.name()).ifPresent(problem -> {
            throw AdminProblem.badRequest(problem);
        });
        boolean stdio = spec.command() != null;
        if (stdio == (spec.url() != null)) {
            throw AdminProblem.badRequest("a server needs exactly one of 'command' (stdio) and 'url' (remote)");
        }
        if (stdio && spec.command().isBlank()) {
            throw AdminProblem.badRequest("'command' must not be empty");
        }
        if (stdio && (spec.headers() != null || spec.transport() != null || spec.auth() != null
                || spec.oauth() != null)) {
            throw AdminProblem.badRequest("'headers', 'transport', 'auth' and 'oauth' are for remote servers");
        }
        if (!stdio && (spec.args() != null || spec.env() != null || spec.cwd() != null || spec.era() != null)) {
            throw AdminProblem.badRequest("'args', 'env', 'cwd' and 'era' are for stdio servers");
        }
        ServerConfig.Remote remote = stdio ? null : new ServerConfig.Remote(url(spec.url()),
                orEmpty(spec.headers()), choice("transport", spec.transport(), ServerConfig.RemoteTransport.values(),
                ServerConfig.RemoteTransport.AUTO), OAuthClients.toAuth(spec.auth(), spec.oauth()));
        ServerConfig.Supervision defaults = ServerConfig.Supervision.DEFAULTS;
        ServerConfig.Supervision supervision = new ServerConfig.Supervision(
                choice("start", spec.start(), ServerConfig.StartMode.values(), defaults.start()),
                spec.healthCheckSeconds() == null ? defaults.healthInterval()
                        : Duration.ofSeconds(nonNegative("healthCheckSeconds", spec.healthCheckSeconds())),
                spec.idleShutdownMinutes() == null ? defaults.idleShutdown()
                        : Duration.ofMinutes(nonNegative("idleShutdownMinutes", spec.idleShutdownMinutes())));
        Duration timeout = spec.timeoutSeconds() == null ? ServerConfig.DEFAULT_TIMEOUT
                : Duration.ofSeconds(nonNegative("timeoutSeconds", spec.timeoutSeconds()));
        ToolRules tools = new ToolRules(orEmpty(spec.allowTools()), orEmpty(spec.denyTools()),
                choice("approveNewTools", spec.approveNewTools(), ToolApproval.values(), null));
        return new ServerConfig(spec.name(), stdio ? spec.command() : null,
                stdio && spec.args() != null ? spec.args() : List.of(), stdio ? orEmpty(spec.env()) : Map.of(),
                stdio ? cwd(spec.cwd()) : null, spec.enabled() == null || spec.enabled(), timeout, remote,
                supervision, choice("capture", spec.capture(), CaptureMode.values(), CaptureMode.FULL), tools,
                choice("era", spec.era(), ServerConfig.Era.values(), ServerConfig.Era.AUTO));
    }

    /** The URL, its {@code ${secret:NAME}} references kept (encoded); the config loader checks where they stand. */
    private static URI url(String text) {
        String written = UrlReferences.decoded(text.strip());
        try {
            return new URI(UrlReferences.encoded(written, SecretRef.findIn(written)));
        } catch (URISyntaxException e) {
            throw AdminProblem.badRequest("'url' is not a valid URL");
        } catch (SecretRef.MalformedReference e) {
            throw AdminProblem.badRequest("'url': " + e.getMessage());
        }
    }

    private static Path cwd(String text) {
        try {
            return text == null ? null : Path.of(text);
        } catch (InvalidPathException e) {
            throw AdminProblem.badRequest("'cwd' is not a valid path");
        }
    }

    private static long nonNegative(String field, long value) {
        if (value < 0) {
            throw AdminProblem.badRequest("'" + field + "' must not be negative");
        }
        return value;
    }

    static <E extends Enum<E>> E choice(String field, String text, E[] options, E fallback) {
        if (text == null) {
            return fallback;
        }
        List<String> labels = Arrays.stream(options).map(ServerSpecs::label).toList();
        int at = labels.indexOf(text);
        if (at < 0) {
            throw AdminProblem.badRequest("'" + field + "' must be one of: " + String.join(", ", labels));
        }
        return options[at];
    }

    private static String label(Enum<?> option) {
        return option.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
