package dev.gatehouse.upstream.stdio;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.upstream.Awaiting;
import dev.gatehouse.upstream.PendingCalls;
import dev.gatehouse.upstream.ReplacedState;
import dev.gatehouse.vault.SecretResolver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stdio MCP server run as a child process, started lazily on first use and restarted after a crash with an
 * exponential backoff. Concurrent first users share one start. Upstream ids come from one counter across restarts.
 *
 * <p>Threads and locks: {@code lock} guards the lifecycle fields below and is never held during I/O or while waiting;
 * status events are emitted under it, so they arrive in order. Each child has its own writer, stdout reader and
 * stderr drain threads ({@link ChildSession}); starts run on {@link StdioOptions#background()}.
 */
public final class StdioUpstream implements Upstream {

    private static final Logger log = LoggerFactory.getLogger(StdioUpstream.class);
    private static final Duration START_SLACK = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final UpstreamEvents events;
    private final ChildSpawner spawner;
    private final SecretResolver secrets;
    private final StdioOptions options;
    private final JsonRpcCodec codec;
    private final StderrTail stderr = new StderrTail(StdioOptions.STDERR_LINES, StdioOptions.STDERR_CHARS);
    private final AtomicLong ids = new AtomicLong();
    /** A modern child's log level and subscriptions, kept across restarts. */
    private final ReplacedState replaced = new ReplacedState();
    private final ReentrantLock lock = new ReentrantLock();
    private final RestartSchedule restarts;
    private UpstreamStatus status;
    private ChildSession live;
    private ChildSession launching;
    private CompletableFuture<ChildSession> starting;
    private int restartCount;
    private boolean spawnedBefore;
    private boolean closed;
    /** Set when the era probe ended the child: from then on it is started with {@code initialize} alone. */
    private volatile boolean legacyOnly;

    public StdioUpstream(ServerConfig config, UpstreamEvents events, ChildSpawner spawner, StdioOptions options) {
        this(config, events, spawner, options, SecretResolver.NONE);
    }

    /** {@code secrets} resolves the config's {@code ${secret:NAME}} references each time the child is spawned. */
    public StdioUpstream(ServerConfig config, UpstreamEvents events, ChildSpawner spawner, StdioOptions options,
                         SecretResolver secrets) {
        this.config = config;
        this.secrets = secrets;
        this.events = events;
        this.spawner = spawner;
        this.options = options;
        this.codec = new JsonRpcCodec(new JsonLimits(JsonLimits.DEFAULT.maxDepth(),
                JsonLimits.DEFAULT.maxStringLength(), options.maxLineBytes()));
        this.restarts = new RestartSchedule(options.backoff(), options.random());
        this.status = new UpstreamStatus(config.enabled() ? State.STOPPED : State.DISABLED, null, 0,
                options.clock().instant());
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String transport() {
        return "stdio";
    }

    @Override
    public UpstreamStatus status() {
        lock.lock();
        try {
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** The last lines the server wrote on stderr, across restarts (for the log and the admin API, never clients). */
    @Override
    public List<String> stderrTail() {
        return stderr.snapshot();
    }

    /** The pid of the running child, if any. */
    public OptionalLong pid() {
        lock.lock();
        try {
            ChildSession session = live != null ? live : launching;
            return session == null ? OptionalLong.empty() : OptionalLong.of(session.pid());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ServerHandshake handshake() {
        return ensureReady(config.timeout()).handshake();
    }

    @Override
    public void watchTask(String taskId, boolean watching) {
        ChildSession session = live();
        if (session != null) {
            session.watchTask(taskId, watching);
        }
    }

    /** {@code null} or {@link CallOptions#DEFAULT} means the server's configured timeout. */
    @Override
    public PendingCall call(Message.Request request, CallOptions callOptions) {
        Duration timeout = CallOptions.timeoutOn(callOptions, config.timeout());
        ChildSession session;
        try {
            session = ensureReady(timeout);
        } catch (GatewayFailure failure) {
            return PendingCalls.failed(failure);
        }
        return session.forward(request, timeout);
    }

    @Override
    public void notify(Message.Notification notification) {
        sendToLive(notification);
    }

    @Override
    public void reply(Message.Response response) {
        sendToLive(response);
    }

    private ChildSession live() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    private void sendToLive(Message message) {
        ChildSession session = live();
        if (session == null) {
            log.debug("Server {} is not running; dropped an outgoing {}", name(), message.getClass().getSimpleName());
        } else {
            session.send(message);
        }
    }

    /** The ready child, starting one (or joining a start under way) if needed, after any backoff up to {@code wait}. */
    private ChildSession ensureReady(Duration wait) {
        CompletableFuture<ChildSession> start;
        lock.lock();
        try {
            if (closed) {
                throw unavailable("it has been shut down");
            }
            if (!config.enabled()) {
                throw unavailable("it is disabled in the configuration");
            }
            if (live != null) {
                return live;
            }
            if (starting == null) {
                Duration delay = restarts.remaining(options.clock().instant());
                if (delay.compareTo(wait) >= 0) {
                    throw unavailable("it is restarting in " + delay.toMillis() + " ms (last error: "
                            + status.lastError() + ")");
                }
                CompletableFuture<ChildSession> attempt = new CompletableFuture<>();
                starting = attempt;
                options.scheduler().schedule(() -> options.background().execute(() -> runStart(attempt)),
                        delay.toNanos(), TimeUnit.NANOSECONDS);
            }
            start = starting;
        } finally {
            lock.unlock();
        }
        return Awaiting.await(start, wait.plus(config.timeout()).plus(START_SLACK), name(), "initialize");
    }

    private void runStart(CompletableFuture<ChildSession> attempt) {
        ChildSession session = null;
        try {
            session = spawn();
            ServerHandshake handshake;
            try {
                handshake = session.open(config.timeout(), legacyOnly ? ServerConfig.Era.LEGACY : config.era());
            } catch (GatewayFailure.UpstreamExited exited) {
                if (!session.endedDuringProbe() || config.era() == ServerConfig.Era.MODERN) {
                    throw exited;
                }
                // A legacy server that cannot bear a request before initialize: never probed again.
                log.info("Server {} {} when asked server/discover; starting it again in the legacy era", name(),
                        exited.getMessage());
                legacyOnly = true;
                session = spawn();
                handshake = session.open(config.timeout(), ServerConfig.Era.LEGACY);
            }
            lock.lock();
            try {
                launching = null;
                if (closed) {
                    throw unavailable("it has been shut down");
                }
                live = session;
                starting = null;
                restarts.ready(options.clock().instant());
                setStatus(State.READY, null);
            } finally {
                lock.unlock();
            }
            log.info("Server {} is ready (pid {}, protocol {})", name(), session.pid(), handshake.protocolVersion());
            attempt.complete(session);
        } catch (GatewayFailure failure) {
            startFailed(attempt, session, failure);
        }
    }

    private ChildSession spawn() {
        ProcessBuilder builder;
        try {
            builder = ChildLaunch.prepare(config, options.gatewayEnvironment(), secrets);
        } catch (ChildLaunch.LaunchException e) {
            throw unavailable(e.getMessage());
        }
        lock.lock();
        try {
            if (closed) {
                throw unavailable("it has been shut down");
            }
            setStatus(State.STARTING, status.lastError());
        } finally {
            lock.unlock();
        }
        Process process;
        try {
            process = spawner.spawn(builder);
        } catch (IOException e) {
            log.warn("Server {}: could not start command '{}'", name(), config.command(), e);
            throw unavailable("could not start command '" + config.command() + "'");
        }
        ChildSession session = new ChildSession(name(), process, options, codec, this, events, this::childExited,
                ids::incrementAndGet, replaced);
        stderr.add("[gatehouse] started pid " + process.pid());
        session.start(stderr);
        lock.lock();
        try {
            if (spawnedBefore) {
                restartCount++;
            }
            spawnedBefore = true;
            launching = session;
        } finally {
            lock.unlock();
        }
        return session;
    }

    private void startFailed(CompletableFuture<ChildSession> attempt, ChildSession session, GatewayFailure failure) {
        if (session != null) {
            options.background().execute(() -> session.stop(failure));
        }
        Duration delay = Duration.ZERO;
        lock.lock();
        try {
            if (launching == session) {
                launching = null;
            }
            starting = null;
            if (!closed) {
                delay = restarts.startFailed(options.clock().instant());
                setStatus(State.FAILED, failure.getMessage());
            }
        } finally {
            lock.unlock();
        }
        log.warn("Server {} failed to start: {} (next attempt in {} ms at the earliest)", name(), failure.getMessage(),
                delay.toMillis());
        attempt.completeExceptionally(failure);
    }

    /** The ready child ended on its own: BACKOFF until the next use, which restarts it. */
    private void childExited(ChildSession session, String detail) {
        Duration delay;
        lock.lock();
        try {
            if (live != session || closed) {
                return;
            }
            live = null;
            delay = restarts.exited(options.clock().instant());
            setStatus(State.BACKOFF, detail);
        } finally {
            lock.unlock();
        }
        log.warn("Server {} {}; it restarts on next use, in {} ms at the earliest", name(), detail, delay.toMillis());
    }

    /** Stops the child (stdin EOF, SIGTERM, SIGKILL, with its descendants) and fails what is in flight. */
    @Override
    public void close() {
        ChildSession ready;
        ChildSession launched;
        CompletableFuture<ChildSession> start;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ready = live;
            launched = launching;
            start = starting;
            live = null;
            launching = null;
            starting = null;
            setStatus(State.STOPPED, null);
        } finally {
            lock.unlock();
        }
        GatewayFailure failure = unavailable("it has been shut down");
        if (start != null) {
            start.completeExceptionally(failure);
        }
        for (ChildSession session : new ChildSession[] {ready, launched}) {
            if (session != null) {
                session.stop(failure);
            }
        }
    }

    private void setStatus(State state, String lastError) {
        status = new UpstreamStatus(state, lastError, restartCount, options.clock().instant());
        events.onStatusChange(this, status);
    }

    private GatewayFailure.UpstreamUnavailable unavailable(String reason) {
        return new GatewayFailure.UpstreamUnavailable(name(), reason, null);
    }
}
