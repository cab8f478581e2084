package dev.gatehouse.cli;

import dev.gatehouse.admin.api.StatusReport;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import picocli.CommandLine.Command;

/**
 * {@code gatehouse doctor}: checks what the gateway needs — the JDK, a private home, the management socket,
 * node/npx for npm servers, a keychain for the vault, the MCP port — and says what to do about each problem.
 * Exits 1 when a check fails; warnings alone exit 0.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the JDK, home permissions, socket, node/npx, keychain and ports.")
public final class DoctorCommand extends ApiCommand {

    /** One check: {@code ok}, {@code warn} or {@code fail}, and what was found. */
    public record Check(String name, String status, String detail) {
    }

    private static final int DEFAULT_PORT = 9470;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @Override
    int run(ApiClient api, Printer out) {
        List<Check> checks = new ArrayList<>();
        Runtime.Version java = Runtime.version();
        checks.add(java.feature() >= 25 ? new Check("jdk", "ok", "Java " + java)
                : new Check("jdk", "fail", "Java " + java + "; Gatehouse needs 25 or later"));
        checks.add(home(options.homePath()));
        Optional<StatusReport> status = status(api);
        checks.add(status.map(s -> new Check("socket", "ok", "gateway pid " + s.pid() + " answers on "
                + api.socket())).orElseGet(() -> new Check("socket", "warn", Files.exists(api.socket())
                ? "a socket file is at " + api.socket() + " but no gateway answers (it is replaced on next start)"
                : "no gateway is running for this home (start it with 'gatehouse serve')")));
        checks.add(onPath("node"));
        checks.add(onPath("npx"));
        checks.add(keychain());
        checks.add(port(status));
        if (out.json()) {
            out.json(checks);
        } else {
            out.table(List.of("CHECK", "STATUS", "DETAIL"),
                    checks.stream().map(c -> List.of(c.name(), c.status(), c.detail())).toList());
        }
        return checks.stream().anyMatch(c -> c.status().equals("fail")) ? CliFailure.FAILURE : 0;
    }

    private static Check home(Path home) {
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            return new Check("home", "warn", home + " does not exist yet; 'gatehouse serve' creates it");
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(home, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return new Check("home", "fail", home + " is writable by others ("
                        + PosixFilePermissions.toString(mode) + "); run: chmod 700 " + home);
            }
            if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                return new Check("home", "warn", home + " is readable by others ("
                        + PosixFilePermissions.toString(mode) + "); the gateway narrows it to 700 on start");
            }
            Path config = home.resolve("config.toml");
            if (Files.exists(config) && Files.getPosixFilePermissions(config).stream()
                    .anyMatch(p -> p == PosixFilePermission.GROUP_WRITE || p == PosixFilePermission.OTHERS_WRITE)) {
                return new Check("home", "fail", config + " is writable by others; run: chmod 600 " + config);
            }
            return new Check("home", "ok", home + " (rwx------)");
        } catch (IOException | UnsupportedOperationException e) {
            return new Check("home", "fail", "cannot read the permissions of " + home + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<StatusReport> status(ApiClient api) {
        try {
            return Optional.of(api.get("/api/status", StatusReport.class));
        } catch (CliFailure notRunning) {
            return Optional.empty();
        }
    }

    private static Check onPath(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return new Check(program, "ok", candidate.toString());
                }
            }
        }
        return new Check(program, "warn", program + " is not on PATH; servers installed from npm need it");
    }

    private static Check keychain() {
        String os = System.getProperty("os.name", "");
        if (os.startsWith("Mac")) {
            return Files.isExecutable(Path.of("/usr/bin/security"))
                    ? new Check("keychain", "ok", "macOS Keychain")
                    : new Check("keychain", "warn", "the macOS 'security' tool is missing");
        }
        String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        return bus != null && !bus.isBlank()
                ? new Check("keychain", "ok", "a D-Bus session is present for the Secret Service")
                : new Check("keychain", "warn", "no D-Bus session, so no Secret Service; the vault falls back to"
                        + " an environment or file key");
    }

    /** The running gateway's port, or whether the default port is free for one to start. */
    private static Check port(Optional<StatusReport> status) {
        if (status.isPresent()) {
            return new Check("port", "ok", "serving " + status.get().mcpUrl());
        }
        HttpClient http = new HttpClient();
        try {
            http.start();
            http.newRequest(URI.create("http://127.0.0.1:" + DEFAULT_PORT + "/healthz"))
                    .timeout(2, TimeUnit.SECONDS).send();
            return new Check("port", "warn", "127.0.0.1:" + DEFAULT_PORT + " is in use by another program; set"
                    + " [gateway] port in config.toml");
        } catch (Exception refused) {
            return new Check("port", "ok", "127.0.0.1:" + DEFAULT_PORT + " is free");
        } finally {
            try {
                http.stop();
            } catch (Exception e) {
                // Only a probe; nothing depends on it stopping cleanly.
            }
        }
    }
}
