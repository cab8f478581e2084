package dev.gatehouse.upstream.stdio;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.config.ServerConfig.Era;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.upstream.Awaiting;
import dev.gatehouse.upstream.LegacyHandshake;
import dev.gatehouse.upstream.ListenFilter;
import dev.gatehouse.upstream.ModernDiscovery;
import dev.gatehouse.upstream.PendingCalls;
import dev.gatehouse.upstream.ReplacedState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running child and what belongs to it alone: its pipes and their threads, its calls in flight. When its stdout
 * ends, the session learns how the child ended, tells its owner, then fails every call still in flight at once.
 */
final class ChildSession implements StdoutReader.Sink {

    /** Told once when the child ends on its own (not after {@link #stop}), before its calls are failed. */
    interface ExitListener {
        void exited(ChildSession session, String detail);
    }

    private static final Logger log = LoggerFactory.getLogger(ChildSession.class);
    private static final long PROBE_MILLIS = 2000;
    /** How long a legacy server that ignores unknown methods holds up its start. */
    private static final Duration PROBE_WAIT = Duration.ofMillis(PROBE_MILLIS);
    /** How long a probe answer may trail the refusal of the {@code initialize} sent after it. */
    private static final Duration LATE_PROBE_WAIT = Duration.ofSeconds(2);

    private final String server;
    private final Process process;
    private final StdioOptions options;
    private final JsonRpcCodec codec;
    private final Upstream owner;
    private final UpstreamEvents events;
    private final ExitListener exitListener;
    private final StdinWriter stdin;
    private final PendingCalls pending;
    private final LongSupplier ids;
    /** What a modern child is told again after a restart: the upstream's, not this child's. */
    private final ReplacedState replaced;
    private volatile boolean stopping;
    private volatile ServerHandshake handshake;
    /** Set once the child answered {@code server/discover}: it is then spoken to in the modern era. */
    private volatile ModernChild modern;
    private volatile boolean endedDuringProbe;

    ChildSession(String server, Process process, StdioOptions options, JsonRpcCodec codec, Upstream owner,
                 UpstreamEvents events, ExitListener exitListener, LongSupplier ids, ReplacedState replaced) {
        this.server = server;
        this.replaced = replaced;
        this.ids = ids;
        this.process = process;
        this.options = options;
        this.codec = codec;
        this.owner = owner;
        this.events = events;
        this.exitListener = exitListener;
        this.stdin = new StdinWriter(server, process.getOutputStream(), options.maxQueuedWrites());
        this.pending = new PendingCalls(server, options.maxPendingCalls(), options.scheduler(), options.background(),
                this::sendCancelled);
    }

    /** Starts the pipe threads: one writer, one stdout reader, one stderr drain. */
    void start(StderrTail stderr) {
        stdin.start(options.ioThreads());
        Thread reader = options.ioThreads().newThread(
                new StdoutReader(server, process.getInputStream(), options.maxLineBytes(), codec, this,
                        options.counters()));
        reader.setName("gatehouse-stdio-" + server + "-stdout");
        reader.start();
        Thread drain = options.ioThreads().newThread(() -> stderr.drain(server, process.getErrorStream()));
        drain.setName("gatehouse-stdio-" + server + "-stderr");
        drain.start();
    }

    long pid() {
        return process.pid();
    }

    ServerHandshake handshake() {
        return handshake;
    }

    /**
     * Makes the child ready in {@code era}. {@link Era#AUTO} asks {@code server/discover} first and speaks the
     * modern era to a child that answers it; any other answer, or none within {@value #PROBE_MILLIS} ms, falls back
     * to {@code initialize}. A child still silent then may be a modern one slow to start: it answers the probe
     * before it refuses the {@code initialize} sent after it, and is then taken as modern. {@link Era#MODERN} waits
     * the whole {@code timeout} for the probe and never falls back; {@link Era#LEGACY} only initializes. Blocks up to
     * about {@code timeout} plus the probe's wait.
     */
    ServerHandshake open(Duration timeout, Era era) {
        if (era == Era.LEGACY) {
            return initialize(timeout);
        }
        boolean required = era == Era.MODERN;
        Duration wait = required || timeout.compareTo(PROBE_WAIT) < 0 ? timeout : PROBE_WAIT;
        for (boolean firstAsk : new boolean[] {true, false}) {
            long probeId = ids.getAsLong();
            PendingCall discover = call(probeId, ModernDiscovery.request(RequestId.of(probeId),
                    LegacyHandshake.gatewayCapabilities()), timeout);
            Message.Response answer;
            try {
                answer = Awaiting.await(discover.response(), wait, server, ModernEra.DISCOVER);
            } catch (GatewayFailure.UpstreamTimeout silent) {
                if (required) {
                    throw notModern("it did not answer server/discover within " + timeout.toMillis() + " ms");
                }
                return afterSilentProbe(probeId, discover, timeout);
            } catch (GatewayFailure.UpstreamExited exited) {
                endedDuringProbe = true;
                throw exited;
            } catch (GatewayFailure unreadable) {
                if (required) {
                    throw unreadable;
                }
                log.debug("Server {}: unusable answer to server/discover ({}); trying initialize", server,
                        unreadable.getMessage());
                return initialize(timeout);
            }
            switch (ModernDiscovery.judge(answer, firstAsk)) {
                case ModernDiscovery.Modern found -> {
                    return speakModern(found.handshake());
                }
                case ModernDiscovery.Refused refused ->
                        throw new GatewayFailure.UpstreamUnavailable(server, refused.reason(), null);
                case ModernDiscovery.Legacy legacy -> {
                    if (required) {
                        throw notModern(legacy.why());
                    }
                    log.debug("Server {}: {}; trying initialize", server, legacy.why());
                    return initialize(timeout);
                }
                case ModernDiscovery.AskAgain again -> log.debug("Server {}: asking server/discover again", server);
            }
        }
        if (required) {
            throw notModern("it asked for a protocol version it does not list");
        }
        return initialize(timeout);
    }

    private GatewayFailure notModern(String why) {
        return new GatewayFailure.UpstreamUnavailable(server, why + ", and its config says era = \"modern\"", null);
    }

    /** Whether the child ended while the era probe waited: a legacy server that cannot bear an unknown method. */
    boolean endedDuringProbe() {
        return endedDuringProbe;
    }

    private ServerHandshake afterSilentProbe(long probeId, PendingCall discover, Duration timeout) {
        try {
            ServerHandshake accepted = initialize(timeout);
            // Dropped without notifications/cancelled: a legacy server never knew the request.
            pending.fail(probeId, method -> new GatewayFailure.UpstreamUnavailable(server, "it speaks legacy", null));
            return accepted;
        } catch (GatewayFailure refused) {
            if (refused instanceof GatewayFailure.UpstreamExited) {
                // A slow child read the probe first and ended on it.
                endedDuringProbe = true;
                throw refused;
            }
            Message.Response late;
            try {
                late = Awaiting.await(discover.response(), LATE_PROBE_WAIT, server, ModernEra.DISCOVER);
            } catch (GatewayFailure nothing) {
                throw refused;
            }
            if (ModernDiscovery.judge(late, false) instanceof ModernDiscovery.Modern found) {
                return speakModern(found.handshake());
            }
            throw refused;
        }
    }

    private ServerHandshake speakModern(ServerHandshake accepted) {
        ModernChild child = new ModernChild(server, accepted, LegacyHandshake.gatewayCapabilities(), ids,
                this::call, replaced);
        modern = child;
        handshake = accepted;
        child.start();
        return accepted;
    }

    /** Runs {@code initialize} then {@code notifications/initialized}; blocks up to {@code timeout}. */
    private ServerHandshake initialize(Duration timeout) {
        long id = ids.getAsLong();
        PendingCall call = call(id, LegacyHandshake.request(RequestId.of(id)), timeout);
        Message.Response response = Awaiting.await(call.response(), timeout.plusSeconds(1), server,
                McpMethods.INITIALIZE);
        ServerHandshake accepted = LegacyHandshake.accept(server, response);
        send(new Message.Notification(McpMethods.INITIALIZED, null));
        handshake = accepted;
        return accepted;
    }

    /** See {@link dev.gatehouse.Upstream#watchTask}: only a modern child has a listen request to ask on. */
    void watchTask(String taskId, boolean watching) {
        ModernChild era = modern;
        if (era != null) {
            era.watchTask(taskId, watching);
        }
    }

    /** Sends a client's request: stamped for a modern child, or answered here when that era replaced it. */
    PendingCall forward(Message.Request request, Duration timeout) {
        ModernChild era = modern;
        long id = ids.getAsLong();
        if (era == null) {
            return call(id, request, timeout);
        }
        Message.Response local = era.answeredHere(request);
        if (local == null) {
            return call(id, era.stamp(request), timeout);
        }
        PendingCall call;
        try {
            call = pending.register(id, request.method(), null, timeout);
        } catch (GatewayFailure failure) {
            return PendingCalls.failed(failure);
        }
        pending.complete(id, local.withId(RequestId.of(id)));
        return call;
    }

    /** Registers and writes a request under upstream id {@code id}. */
    PendingCall call(long id, Message.Request request, Duration timeout) {
        PendingCalls.Call call;
        try {
            call = pending.register(id, request.method(), PendingCalls.progressToken(request.params()), timeout);
        } catch (GatewayFailure failure) {
            return PendingCalls.failed(failure);
        }
        if (!write(request.withId(RequestId.of(id)))) {
            call.abandon(stdin.isClosed()
                    ? new GatewayFailure.UpstreamUnavailable(server, "its stdin is closed", null)
                    : new GatewayFailure.LimitExceeded("messages queued for server '" + server + "'",
                            options.maxQueuedWrites()));
        }
        return call;
    }

    /** Writes a notification or a response; false if it could not be queued or the child's era has no such message. */
    boolean send(Message message) {
        if (modern != null && !ModernChild.sendable(message)) {
            log.debug("Server {} speaks {}: not sending {}", server, ModernEra.VERSION,
                    message.getClass().getSimpleName());
            return false;
        }
        boolean queued = write(message);
        if (!queued) {
            log.warn("Server {}: dropped an outgoing {} (stdin closed or {} messages queued)", server,
                    message.getClass().getSimpleName(), options.maxQueuedWrites());
        }
        return queued;
    }

    private boolean write(Message message) {
        return stdin.offer(codec.encode(message));
    }

    private void sendCancelled(long id, String reason) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("requestId", id);
        params.put("reason", reason);
        send(new Message.Notification(McpMethods.CANCELLED, params));
    }

    @Override
    public void onMessage(Message message) {
        switch (message) {
            case Message.Response response -> {
                JsonNode id = response.id() == null ? null : response.id().value();
                if (id == null || !id.canConvertToLong() || !pending.complete(id.longValue(), response)) {
                    log.debug("Server {}: response to no call in flight (id {})", server, id);
                }
            }
            case Message.Request request when McpMethods.PING.equals(request.method()) ->
                    // Answered here rather than forwarded: cheaper, and no client needs to see it. Written from
                    // the background executor because this reader thread never writes.
                    options.background().execute(() -> send(
                            Message.Response.success(request.id(), JsonNodeFactory.instance.objectNode())));
            case Message.Request request -> events.onRequest(owner, request);
            case Message.Notification notification -> {
                if (McpMethods.PROGRESS.equals(notification.method()) && notification.params() != null) {
                    pending.onProgress(notification.params().get("progressToken"));
                }
                if (modern == null) {
                    events.onNotification(owner, notification);
                } else if (ModernChild.forwarded(notification)) {
                    events.onNotification(owner, ListenFilter.untagged(notification));
                }
            }
        }
    }

    @Override
    public void onUnreadableAnswer(long id, String reason) {
        if (!pending.fail(id, method -> new GatewayFailure.UpstreamUnavailable(server, "it answered " + method
                + " with " + reason, null))) {
            log.debug("Server {}: unreadable answer to no call in flight (id {})", server, id);
        }
    }

    @Override
    public void onEnd() {
        String detail = awaitExitDetail();
        if (!stopping) {
            exitListener.exited(this, detail);
        }
        pending.failAll(() -> new GatewayFailure.UpstreamExited(server, detail));
    }

    private String awaitExitDetail() {
        try {
            if (process.waitFor(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                return "exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping) {
            log.warn("Server {} closed its stdout but kept running; stopping it", server);
            stopTree();
        }
        return "closed its stdout";
    }

    /** Stops the child and its descendants and fails what is in flight with {@code failure}. Blocks. */
    void stop(GatewayFailure failure) {
        stopping = true;
        ModernChild era = modern;
        if (era != null) {
            era.close();
        }
        pending.failAll(() -> failure);
        stopTree();
    }

    private void stopTree() {
        ProcessTree.stop(process.toHandle(), stdin::close, options.stopGrace());
    }
}
