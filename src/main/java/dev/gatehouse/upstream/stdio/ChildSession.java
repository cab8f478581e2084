package dev.gatehouse.upstream.stdio;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.upstream.Awaiting;
import dev.gatehouse.upstream.LegacyHandshake;
import dev.gatehouse.upstream.PendingCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    private final String server;
    private final Process process;
    private final StdioOptions options;
    private final JsonRpcCodec codec;
    private final Upstream owner;
    private final UpstreamEvents events;
    private final ExitListener exitListener;
    private final StdinWriter stdin;
    private final PendingCalls pending;
    private volatile boolean stopping;
    private volatile ServerHandshake handshake;

    ChildSession(String server, Process process, StdioOptions options, JsonRpcCodec codec, Upstream owner,
                 UpstreamEvents events, ExitListener exitListener) {
        this.server = server;
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

    /** Runs {@code initialize} then {@code notifications/initialized}; blocks up to {@code timeout}. */
    ServerHandshake initialize(long id, Duration timeout) {
        PendingCall call = call(id, LegacyHandshake.request(RequestId.of(id)), timeout);
        Message.Response response = Awaiting.await(call.response(), timeout.plusSeconds(1), server,
                McpMethods.INITIALIZE);
        ServerHandshake accepted = LegacyHandshake.accept(server, response);
        send(new Message.Notification(McpMethods.INITIALIZED, null));
        handshake = accepted;
        return accepted;
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

    /** Writes a notification or a response; false if it could not be queued. */
    boolean send(Message message) {
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
                events.onNotification(owner, notification);
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
        pending.failAll(() -> failure);
        stopTree();
    }

    private void stopTree() {
        ProcessTree.stop(process.toHandle(), stdin::close, options.stopGrace());
    }
}
