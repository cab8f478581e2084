package dev.gatehouse.upstream.stdio;

import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.upstream.ListenFilter;
import dev.gatehouse.upstream.ModernStamp;
import dev.gatehouse.upstream.ReplacedMethods;
import dev.gatehouse.upstream.ReplacedState;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a child that speaks the modern era (2026-07-28) needs beyond the pipes: every request stamped with the
 * gateway's protocol version, capabilities, identity and the log level its clients last set; the legacy requests
 * the era replaced answered here ({@link ReplacedMethods}); and one {@code subscriptions/listen} request kept open
 * for the list changes the server declares and the resources clients subscribed to. On stdio the listen request
 * stays in flight while the notifications arrive on stdout; changing the filter sends a new one and cancels the old.
 * A listen the server ends is not sent again until the subscriptions change. The level, the subscriptions and the
 * watched tasks are the upstream's ({@link ReplacedState}), so a restarted child is told them again.
 */
final class ModernChild implements ReplacedMethods.Effects {

    /** Sends a request under a fresh upstream id, as {@link ChildSession#call} does. */
    interface Caller {
        PendingCall call(long id, Message.Request request, Duration timeout);
    }

    private static final Logger log = LoggerFactory.getLogger(ModernChild.class);
    /** A listen request has no answer while it lasts; this only bounds one that a server forgets. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofDays(1);

    private final String server;
    private final ServerHandshake handshake;
    private final ObjectNode capabilities;
    private final LongSupplier ids;
    private final Caller caller;
    private final ReplacedState state;
    private volatile PendingCall listening;
    private volatile boolean closed;

    ModernChild(String server, ServerHandshake handshake, ObjectNode capabilities, LongSupplier ids, Caller caller,
                ReplacedState state) {
        this.server = server;
        this.state = state;
        this.handshake = handshake;
        this.capabilities = capabilities;
        this.ids = ids;
        this.caller = caller;
    }

    ServerHandshake handshake() {
        return handshake;
    }

    /**
     * Opens the listen request if the server reports list changes or clients are subscribed to resources: those
     * subscriptions outlive a child, so a restarted child is asked about them again.
     */
    void start() {
        if (state.wantsListen(handshake)) {
            reopen();
        }
    }

    /** The gateway's own answer to a request the era replaced, or null when the request goes to the child. */
    Message.Response answeredHere(Message.Request request) {
        return ReplacedMethods.answer(request, this);
    }

    /** The request as this era sends it. */
    Message.Request stamp(Message.Request request) {
        return ModernStamp.stamp(request, capabilities, state.logLevel());
    }

    /** Only cancellations go to a modern child: the era has no other client notification and no server request. */
    static boolean sendable(Message message) {
        return message instanceof Message.Notification notification
                && McpMethods.CANCELLED.equals(notification.method());
    }

    /** Whether a notification from the child goes on to the gateway's clients (the listen acknowledgement stays). */
    static boolean forwarded(Message.Notification notification) {
        return !ModernEra.SUBSCRIPTIONS_ACKNOWLEDGED.equals(notification.method());
    }

    @Override
    public void logLevel(String level) {
        state.logLevel(level);
    }

    @Override
    public void subscribe(String uri) {
        if (state.subscribe(uri)) {
            reopen();
        }
    }

    @Override
    public void unsubscribe(String uri) {
        if (state.unsubscribe(uri)) {
            reopen();
        }
    }

    void watchTask(String taskId, boolean watching) {
        if (state.watchTask(taskId, watching)) {
            reopen();
        }
    }

    /** Cancels the listen request, if one is open. */
    synchronized void close() {
        closed = true;
        cancelListen();
    }

    /**
     * Sends the listen request for the current filter, then cancels the one it replaces: the child reads its stdin
     * in order, so it knows the new filter before it drops the old one and no update falls between the two.
     */
    private synchronized void reopen() {
        if (closed) {
            return;
        }
        PendingCall replaced = listening;
        listening = null;
        if (state.wantsListen(handshake)) {
            long id = ids.getAsLong();
            // One snapshot of the tasks, so the filter never names tasks the declared capabilities leave out.
            Set<String> tasks = state.tasks();
            PendingCall call = caller.call(id, ModernStamp.stamp(new Message.Request(RequestId.of(id),
                    ModernEra.SUBSCRIPTIONS_LISTEN, ListenFilter.params(handshake, state.resources(), tasks)),
                    ListenFilter.capabilities(capabilities, tasks), state.logLevel()), LISTEN_TIMEOUT);
            listening = call;
            watch(call);
        }
        if (replaced != null) {
            replaced.cancel("subscriptions changed");
        }
    }

    private void watch(PendingCall call) {
        call.response().whenComplete((response, failure) -> {
            if (listening == call && !closed) {
                log.info("Server {} ended its subscriptions/listen request ({}); list changes and resource updates"
                        + " stop until the subscriptions change", server, failure != null ? failure.getMessage()
                        : response.isError() ? "error " + response.error().code() : "a result");
            }
        });
    }

    private void cancelListen() {
        PendingCall open = listening;
        listening = null;
        if (open != null) {
            open.cancel("subscriptions changed");
        }
    }
}
