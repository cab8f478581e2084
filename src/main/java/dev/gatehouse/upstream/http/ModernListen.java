package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.upstream.ListenFilter;
import dev.gatehouse.upstream.ReplacedState;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A modern server's {@code subscriptions/listen} stream, standing in for what a legacy server offers through
 * {@code resources/subscribe} and its GET stream: one stream per server, asking for every list change the server
 * can report, an update for each resource some client subscribed to and the notifications of each task some client
 * listens for (the upstream's {@link ReplacedState}, so a
 * renewed connection asks for the same). Changing the set of resources opens a stream with the new filter and
 * closes the old one only once the new one is open, so a client's subscription never costs another client an
 * update; for that moment an update may arrive twice, which a client reading the resource again does not mind.
 * What arrives goes where a legacy server's notifications go. A server that refuses the stream (an error status or
 * answer) is not asked again until the subscriptions change; a dropped stream is reopened after a back-off, giving
 * up after {@value #MAX_FAILURES} failures in a row.
 */
final class ModernListen {

    private static final Logger log = LoggerFactory.getLogger(ModernListen.class);
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final int MAX_FAILURES = 8;
    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    private final RemoteContext context;
    private final RemoteConnection via;
    private final ServerHandshake handshake;
    /** The filter wanted now: each change starts a stream of a newer generation. */
    private final AtomicInteger generation = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** The open stream and its generation; an older one is closed when a newer one opens. Guarded by this. */
    private Request open;
    private int openGeneration;

    ModernListen(RemoteContext context, RemoteConnection via, ServerHandshake handshake) {
        this.context = context;
        this.via = via;
        this.handshake = handshake;
    }

    /** Opens the stream if the server reports list changes or clients subscribed to its resources. */
    void start() {
        if (context.replaced().wantsListen(handshake)) {
            filterChanged();
        }
    }

    /** The subscribed resources or watched tasks changed: a stream with the new filter replaces the open one. */
    void filterChanged() {
        if (closing.getCount() == 0) {
            return;
        }
        int mine = generation.incrementAndGet();
        if (!context.replaced().wantsListen(handshake)) {
            replaceOpen(mine, null);
            return;
        }
        context.options().background().execute(() -> listen(mine));
    }

    void close() {
        closing.countDown();
        replaceOpen(generation.incrementAndGet(), null);
    }

    /**
     * Makes {@code post} of generation {@code mine} the open stream and closes the one it replaces; false (and
     * nothing changes) when a newer stream is open already or the listen is closing.
     */
    private boolean replaceOpen(int mine, Request post) {
        Request replaced;
        synchronized (this) {
            if (mine < openGeneration || (post != null && closing.getCount() == 0)) {
                return false;
            }
            replaced = open;
            open = post;
            openGeneration = mine;
        }
        if (replaced != null && replaced != post) {
            HttpExchange.abort(replaced);
        }
        return true;
    }

    private synchronized boolean isOpen(Request post) {
        return open == post;
    }

    private void listen(int mine) {
        StreamReconnects reconnects = new StreamReconnects(context.options().defaultRetry(), MAX_FAILURES, closing);
        while (closing.getCount() > 0 && generation.get() == mine) {
            // One snapshot of the tasks, so the filter never names tasks the declared capabilities leave out.
            Set<String> tasks = context.replaced().tasks();
            Message.Request listen = ModernRequests.stamp(new Message.Request(RequestId.of("listen-" + mine),
                    ModernRequests.SUBSCRIPTIONS_LISTEN, ListenFilter.params(handshake,
                            context.replaced().resources(), tasks)),
                    ListenFilter.capabilities(context.options().clientCapabilities(), tasks));
            Request post = context.post(context.endpoint().url(), listen, IDLE)
                    .headers(headers -> ModernRequests.standardHeaders(listen).forEach(headers::put));
            try {
                HttpExchange exchange = HttpExchange.open(context.server(), ModernRequests.SUBSCRIPTIONS_LISTEN, post,
                        context.timeout());
                if (!exchange.isEventStream()) {
                    exchange.abort();
                    log.info("Server {} did not open a subscriptions/listen stream (HTTP {}); resource updates and"
                            + " list changes will not reach clients", context.server(), exchange.status());
                    return;
                }
                if (generation.get() != mine || !replaceOpen(mine, post)) {
                    exchange.abort();
                    return;
                }
                reconnects.connected();
                EventStream stream = context.eventStream();
                stream.pump(exchange, (type, data) -> context.decodeEvent(data).ifPresent(this::deliver),
                        () -> !isOpen(post));
                if (!isOpen(post)) {
                    return;
                }
                reconnects.pause(stream.retry());
            } catch (GatewayFailure failure) {
                if (!reconnects.failedAndWaited()) {
                    log.warn("Server {}: gave up on its subscriptions/listen stream after {} failures (last: {})",
                            context.server(), reconnects.failures(), failure.getMessage());
                    return;
                }
            }
        }
    }

    /** Notifications go on as a legacy server's would; the acknowledgement and anything else stay here. */
    private void deliver(Message message) {
        if (message instanceof Message.Notification notification && !ACKNOWLEDGED.equals(notification.method())
                && (notification.method().endsWith("/list_changed")
                        || McpMethods.RESOURCES_UPDATED.equals(notification.method())
                        || Tasks.NOTIFICATION.equals(notification.method()))) {
            context.inbound().accept(ListenFilter.untagged(notification), via);
        }
    }
}
