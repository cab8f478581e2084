package dev.gatehouse.upstream.stdio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every child process of the gateway from one dedicated, long-lived platform thread, and knows every child
 * still alive so that none outlives the gateway.
 *
 * <p>Why one thread: on Linux, when util-linux {@code setpriv} is available, each command is prefixed with
 * {@code setpriv --pdeathsig KILL --}, which asks the kernel to SIGKILL the child when its parent dies, so a gateway
 * killed with {@code kill -9} (no shutdown hook runs) leaves no server behind. The kernel's parent is the
 * <em>thread</em> that forked the child (Java forks on the calling thread, through posix_spawn and jspawnhelper),
 * not the process: a child spawned from a request's thread would be killed as soon as that thread ended. So every
 * spawn runs on this one thread, which never ends while the JVM lives (a daemon thread; {@link #close} ends it only
 * after killing every child). {@code ChildSpawnerDeathSignalTest} proves the signal arrives on a real machine.
 *
 * <p>Where setpriv is absent (macOS, minimal images) children are spawned plainly and learn of the gateway's death
 * from EOF on stdin. Either way only the direct child is covered: its own children (the node process behind an
 * {@code npx} wrapper) are killed by {@link StdioUpstream#close} and by the shutdown hook, which stop whole trees,
 * but not by the kernel after a {@code kill -9}. A gateway killed in the microseconds between a fork and setpriv's
 * {@code prctl} also escapes the signal; that window is accepted.
 */
public final class ChildSpawner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildSpawner.class);
    private static final int MAX_QUEUED_SPAWNS = 64;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private record Spawn(ProcessBuilder builder, CompletableFuture<Process> result) {
    }

    private static final Spawn STOP = new Spawn(null, null);

    private final BlockingQueue<Spawn> queue = new LinkedBlockingQueue<>(MAX_QUEUED_SPAWNS);
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final Optional<Path> setpriv;
    private volatile boolean closed;

    private ChildSpawner(boolean detectSetpriv) {
        this.thread = Thread.ofPlatform().daemon().name("gatehouse-child-spawner").unstarted(this::run);
        this.thread.start();
        this.setpriv = detectSetpriv ? detectSetpriv() : Optional.empty();
        log.info("Child processes start from one spawner thread; parent-death signal {}",
                setpriv.map(p -> "via " + p).orElse("unavailable (children rely on stdin EOF)"));
    }

    /** A spawner that uses {@code setpriv --pdeathsig KILL} when this machine has it. */
    public static ChildSpawner start() {
        return new ChildSpawner(true);
    }

    /** A spawner that never prefixes commands; children rely on stdin EOF and the shutdown hook. */
    public static ChildSpawner withoutParentDeathSignal() {
        return new ChildSpawner(false);
    }

    public boolean usesParentDeathSignal() {
        return setpriv.isPresent();
    }

    /**
     * Kills every live child and its descendants when the JVM exits normally (the gateway's Main closes its
     * upstreams first; this is the backstop). Returns this spawner.
     */
    public ChildSpawner installShutdownHook(Duration grace) {
        Runtime.getRuntime().addShutdownHook(
                Thread.ofPlatform().name("gatehouse-child-reaper").unstarted(() -> killAll(grace)));
        return this;
    }

    /**
     * Starts {@code builder}'s command on the spawner thread, prefixed with setpriv where available (the builder's
     * command list is replaced). The command must be an absolute path when setpriv is used, since setpriv searches
     * the child's PATH.
     */
    Process spawn(ProcessBuilder builder) throws IOException {
        if (closed) {
            throw new IOException("the child spawner is closed");
        }
        if (setpriv.isPresent()) {
            List<String> command = new ArrayList<>(List.of(setpriv.get().toString(), "--pdeathsig", "KILL", "--"));
            command.addAll(builder.command());
            builder.command(command);
        }
        Spawn spawn = new Spawn(builder, new CompletableFuture<>());
        if (!queue.offer(spawn)) {
            throw new IOException("too many child processes are being started at once (at most "
                    + MAX_QUEUED_SPAWNS + ")");
        }
        try {
            return spawn.result().get();
        } catch (InterruptedException e) {
            spawn.result().thenAccept(abandoned -> ProcessTree.terminate(List.of(abandoned.toHandle()),
                    Duration.ofSeconds(1)));
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting a child process");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the child process could not be started", e.getCause());
        }
    }

    /** The children started by this spawner that are still running. */
    List<ProcessHandle> liveChildren() {
        return live.stream().filter(Process::isAlive).map(Process::toHandle).toList();
    }

    private void run() {
        while (true) {
            Spawn spawn;
            try {
                spawn = queue.take();
            } catch (InterruptedException e) {
                // Only close() may end this thread: its end would SIGKILL every child it started.
                continue;
            }
            if (spawn == STOP) {
                return;
            }
            try {
                Process process = spawn.builder().start();
                live.add(process);
                process.onExit().thenRun(() -> live.remove(process));
                spawn.result().complete(process);
            } catch (IOException | RuntimeException | Error e) {
                spawn.result().completeExceptionally(e);
            }
        }
    }

    private void killAll(Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        for (ProcessHandle child : liveChildren()) {
            tree.add(child);
            child.descendants().forEach(tree::add);
        }
        if (!tree.isEmpty()) {
            log.info("Stopping {} leftover child processes", tree.size());
            ProcessTree.terminate(tree, grace);
        }
    }

    /** Kills every child still alive (SIGTERM, then SIGKILL), then ends the spawner thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll(Duration.ofSeconds(2));
        queue.clear();
        while (!queue.offer(STOP)) {
            queue.clear();
        }
    }

    private Optional<Path> detectSetpriv() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(dir, "setpriv");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && probe(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code setpriv --pdeathsig KILL -- setpriv --help} on this thread: a setpriv without the option fails. */
    private boolean probe(Path candidate) {
        String exe = candidate.toString();
        ProcessBuilder builder = new ProcessBuilder(exe, "--pdeathsig", "KILL", "--", exe, "--help")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        CompletableFuture<Process> result = new CompletableFuture<>();
        if (!queue.offer(new Spawn(builder, result))) {
            return false;
        }
        try {
            Process process = result.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("setpriv at {} cannot be used: {}", candidate, e.toString());
            return false;
        }
    }
}
