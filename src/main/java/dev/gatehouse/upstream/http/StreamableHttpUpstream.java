package dev.gatehouse.upstream.http;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.net.DestinationRefusedException;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.upstream.Awaiting;
import dev.gatehouse.upstream.PendingCalls;
import dev.gatehouse.upstream.ReplacedState;
import dev.gatehouse.vault.SecretResolver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A remote MCP server reached over HTTP, in whichever era and transport it speaks ({@link TransportNegotiation}):
 * connected lazily on first use, concurrent first users sharing one attempt, and connected again when the server
 * ends its session. Upstream ids come from one counter across sessions, so a late answer can never be mistaken for
 * another call's.
 *
 * <p>Threads and locks: {@code lock} guards the lifecycle fields and is never held during I/O or while waiting;
 * status events are emitted under it, so they arrive in order. Every HTTP exchange runs on
 * {@link RemoteOptions#background()}; readers only parse and complete calls.
 */
public final class StreamableHttpUpstream implements Upstream {

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpUpstream.class);
    private static final Duration START_SLACK = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final UpstreamEvents events;
    private final RemoteOptions options;
    private final PendingCalls pending;
    private final AtomicLong ids = new AtomicLong();
    private final RemoteContext context;
    private final ReentrantLock lock = new ReentrantLock();
    private UpstreamStatus status;
    private RemoteConnection live;
    private CompletableFuture<RemoteConnection> starting;
    private int sessionsEnded;
    private boolean closed;

    /** A server whose configured headers and URL reference no secret (any reference fails as missing). */
    public StreamableHttpUpstream(ServerConfig config, UpstreamEvents events, RemoteOptions options) {
        this(config, events, options, SecretResolver.NONE);
    }

    /** {@code secrets} resolves the {@code ${secret:NAME}} references of its headers and URL on every request. */
    public StreamableHttpUpstream(ServerConfig config, UpstreamEvents events, RemoteOptions options,
                                  SecretResolver secrets) {
        if (!config.isRemote()) {
            throw new IllegalArgumentException("server '" + config.name() + "' has no url");
        }
        try {
            options.client().trust(config.remote().url());
        } catch (DestinationRefusedException refused) {
            throw new IllegalArgumentException("server '" + config.name() + "': " + refused.getMessage(), refused);
        }
        this.config = config;
        this.events = events;
        this.options = options;
        this.pending = new PendingCalls(config.name(), options.maxPendingCalls(), options.scheduler(),
                options.background(), this::sendCancelled);
        JsonRpcCodec codec = new JsonRpcCodec(new JsonLimits(JsonLimits.DEFAULT.maxDepth(),
                JsonLimits.DEFAULT.maxStringLength(), options.maxMessageBytes()));
        this.context = new RemoteContext(config.name(), config.remote(), options, codec, pending,
                ids::incrementAndGet, this::receive, new Sessions(), config.timeout(),
                new RequestSecrets(config.name(), secrets), new ReplacedState());
        this.status = new UpstreamStatus(config.enabled() ? State.STOPPED : State.DISABLED, null, 0,
                options.clock().instant());
    }

    @Override
    public String name() {
        return config.name();
    }

    /** {@code streamable-http} or {@code sse}: what is spoken once connected, what is configured before. */
    @Override
    public String transport() {
        RemoteConnection connection = current();
        if (connection != null) {
            return connection.transport();
        }
        return config.remote().transport() == ServerConfig.RemoteTransport.SSE ? "sse" : "streamable-http";
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

    @Override
    public ServerHandshake handshake() {
        return ensureReady(config.timeout()).handshake();
    }

    /** {@code null} or {@link CallOptions#DEFAULT} means the server's configured timeout. */
    @Override
    public PendingCall call(Message.Request request, CallOptions callOptions) {
        Duration timeout = CallOptions.timeoutOn(callOptions, config.timeout());
        try {
            RemoteConnection connection = ensureReady(timeout);
            PendingCalls.Call call = pending.register(ids.incrementAndGet(), request.method(),
                    PendingCalls.progressToken(request.params()), timeout);
            connection.send(call, request, timeout, true);
            return call;
        } catch (GatewayFailure failure) {
            return PendingCalls.failed(failure);
        }
    }

    @Override
    public void notify(Message.Notification notification) {
        sendToLive(notification);
    }

    @Override
    public void reply(Message.Response response) {
        sendToLive(response);
    }

    private void sendToLive(Message message) {
        RemoteConnection connection = current();
        if (connection == null) {
            log.debug("Server {} is not connected; dropped an outgoing {}", name(), message.getClass().getSimpleName());
        } else {
            connection.post(message);
        }
    }

    private void sendCancelled(long upstreamId, String reason) {
        RemoteConnection connection = current();
        if (connection != null) {
            connection.cancelled(upstreamId, reason);
        }
    }

    @Override
    public void watchTask(String taskId, boolean watching) {
        RemoteConnection connection = current();
        if (connection != null) {
            connection.watchTask(taskId, watching);
        }
    }

    private RemoteConnection current() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    /** Where every message a server sends lands: answers complete calls, the rest goes to the events. */
    private void receive(Message message, RemoteConnection via) {
        switch (message) {
            case Message.Response response -> {
                JsonNode id = response.id() == null ? null : response.id().value();
                if (id == null || !id.canConvertToLong() || !pending.complete(id.longValue(), response)) {
                    log.debug("Server {}: response to no call in flight (id {})", name(), id);
                }
            }
            case Message.Request request when McpMethods.PING.equals(request.method()) ->
                    via.post(Message.Response.success(request.id(), JsonNodeFactory.instance.objectNode()));
            case Message.Request request -> events.onRequest(this, request);
            case Message.Notification notification -> {
                if (McpMethods.PROGRESS.equals(notification.method()) && notification.params() != null) {
                    pending.onProgress(notification.params().get("progressToken"));
                }
                events.onNotification(this, notification);
            }
        }
    }

    /** The connected server, connecting (or joining a connection under way) if needed. */
    private RemoteConnection ensureReady(Duration wait) {
        CompletableFuture<RemoteConnection> start;
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
                CompletableFuture<RemoteConnection> attempt = new CompletableFuture<>();
                starting = attempt;
                setStatus(State.STARTING, status.lastError());
                options.background().execute(() -> runStart(attempt));
            }
            start = starting;
        } finally {
            lock.unlock();
        }
        return Awaiting.await(start, wait.plus(config.timeout()).plus(START_SLACK), name(), "the handshake");
    }

    private void runStart(CompletableFuture<RemoteConnection> attempt) {
        RemoteConnection connection;
        try {
            if (options.credentials().needsSignIn(name())) {
                // auth = "oauth" with no token yet: nothing is sent that could only be refused.
                throw context.unavailable("it needs you to sign in");
            }
            connection = TransportNegotiation.connect(context);
        } catch (GatewayFailure refused) {
            boolean signIn = options.credentials().needsSignIn(name());
            GatewayFailure failure = !signIn || refused instanceof GatewayFailure.SignInRequired ? refused
                    : context.signInFailure();
            lock.lock();
            try {
                starting = null;
                if (!closed) {
                    setStatus(signIn ? State.NEEDS_AUTH : State.FAILED, failure.getMessage());
                }
            } finally {
                lock.unlock();
            }
            log.warn("Server {} could not be connected: {}", name(), failure.getMessage());
            attempt.completeExceptionally(failure);
            return;
        }
        boolean accepted;
        lock.lock();
        try {
            starting = null;
            accepted = !closed;
            if (accepted) {
                live = connection;
                setStatus(State.READY, null);
            }
        } finally {
            lock.unlock();
        }
        if (!accepted) {
            options.background().execute(connection::close);
            attempt.completeExceptionally(unavailable("it has been shut down"));
            return;
        }
        connection.opened();
        log.info("Server {} is ready ({}, protocol {})", name(), connection.transport(),
                connection.handshake().protocolVersion());
        attempt.complete(connection);
    }

    /** Replaces connections whose session the server ended. */
    private final class Sessions implements RemoteContext.Renewal {

        @Override
        public RemoteConnection renew(RemoteConnection ended) {
            forget(ended);
            return ensureReady(config.timeout());
        }

        @Override
        public void ended(RemoteConnection ended) {
            forget(ended);
        }

        @Override
        public void signInNeeded(String reason) {
            RemoteConnection dropped;
            lock.lock();
            try {
                dropped = live;
                if (dropped == null || closed) {
                    return;
                }
                live = null;
                setStatus(State.NEEDS_AUTH, reason);
            } finally {
                lock.unlock();
            }
            log.warn("Server {} needs you to sign in again: {}", name(), reason);
            options.background().execute(dropped::close);
        }

        private void forget(RemoteConnection ended) {
            lock.lock();
            try {
                if (live != ended || closed) {
                    return;
                }
                live = null;
                sessionsEnded++;
                setStatus(State.STOPPED, "the server ended the session; a new one starts on next use");
            } finally {
                lock.unlock();
            }
            options.background().execute(ended::close);
        }
    }

    /** Ends the session (DELETE for legacy Streamable HTTP) and fails whatever is in flight. Idempotent. */
    @Override
    public void close() {
        RemoteConnection connection;
        CompletableFuture<RemoteConnection> start;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection = live;
            start = starting;
            live = null;
            starting = null;
            setStatus(State.STOPPED, null);
        } finally {
            lock.unlock();
        }
        GatewayFailure failure = unavailable("it has been shut down");
        pending.failAll(() -> failure);
        if (start != null) {
            start.completeExceptionally(failure);
        }
        if (connection != null) {
            connection.close();
        }
    }

    private void setStatus(State state, String lastError) {
        status = new UpstreamStatus(state, lastError, sessionsEnded, options.clock().instant());
        events.onStatusChange(this, status);
    }

    private GatewayFailure.UpstreamUnavailable unavailable(String reason) {
        return new GatewayFailure.UpstreamUnavailable(name(), reason, null);
    }
}
