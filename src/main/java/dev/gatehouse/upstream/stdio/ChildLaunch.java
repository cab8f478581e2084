package dev.gatehouse.upstream.stdio;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.vault.SecretResolutionException;
import dev.gatehouse.vault.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a server's config into a {@link ProcessBuilder}: an environment that starts empty (invariant 5), the command
 * resolved to an absolute executable, the working directory. Failures are {@link LaunchException}s whose messages
 * name config values only, never an environment value.
 */
final class ChildLaunch {

    /** Variables copied from the gateway's environment; {@code LC_*} are copied too. Everything else must be declared. */
    static final List<String> ALLOWED = List.of("PATH", "HOME", "LANG", "TMPDIR", "USER", "SHELL", "TERM");

    /** A config that cannot be launched; the message is safe to show. */
    static final class LaunchException extends Exception {
        LaunchException(String message) {
            super(message, null, false, false);
        }
    }

    private ChildLaunch() {
    }

    /**
     * The builder for {@code config}'s child, with every {@code ${secret:NAME}} in its env resolved now, just before
     * the spawn: the values live only in this short-lived builder and the child's environment.
     */
    static ProcessBuilder prepare(ServerConfig config, Map<String, String> gatewayEnvironment, SecretResolver secrets)
            throws LaunchException {
        ProcessBuilder builder = new ProcessBuilder();
        Map<String, String> environment = builder.environment();
        // The builder's environment starts as a copy of the gateway's, secrets included: clear it before anything.
        environment.clear();
        gatewayEnvironment.forEach((key, value) -> {
            if (ALLOWED.contains(key) || key.startsWith("LC_")) {
                environment.put(key, value);
            }
        });
        for (Map.Entry<String, String> variable : config.env().entrySet()) {
            environment.put(variable.getKey(), resolved(variable.getKey(), variable.getValue(), secrets));
        }
        if (config.cwd() != null && !Files.isDirectory(config.cwd())) {
            throw new LaunchException("working directory '" + config.cwd() + "' does not exist");
        }
        List<String> command = new ArrayList<>();
        command.add(resolve(config.command(), environment.get("PATH"), config.cwd()).toString());
        command.addAll(config.args());
        builder.command(command);
        if (config.cwd() != null) {
            builder.directory(config.cwd().toFile());
        }
        return builder;
    }

    private static String resolved(String variable, String value, SecretResolver secrets) throws LaunchException {
        try {
            return SecretRef.substitute(value, secrets);
        } catch (SecretResolutionException | SecretRef.MalformedReference e) {
            throw new LaunchException("env." + variable + ": " + e.getMessage());
        }
    }

    /**
     * Finds the executable the way a shell would, on the child's own PATH, so a missing command is reported as such
     * (behind setpriv it would otherwise surface as an exit code). Relative PATH entries are ignored.
     */
    static Path resolve(String command, String path, Path cwd) throws LaunchException {
        if (command.isBlank()) {
            throw new LaunchException("its command is empty");
        }
        if (command.contains("/")) {
            Path candidate = cwd == null ? Path.of(command) : cwd.resolve(command);
            if (isExecutable(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
            throw new LaunchException("command '" + command + "' is not an executable file");
        }
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.startsWith("/")) {
                    continue;
                }
                Path candidate = Path.of(dir, command);
                if (isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new LaunchException("command '" + command + "' was not found on the server's PATH");
    }

    private static boolean isExecutable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}
