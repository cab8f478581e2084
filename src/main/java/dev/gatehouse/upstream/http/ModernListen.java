package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.upstream.ListenFilter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A modern server's {@code subscriptions/listen} stream, standing in for what a legacy server offers through
 * {@code resources/subscribe} and its GET stream: one stream per server, asking for every list change the server
 * can report and an update for each resource some client subscribed to. Changing the set of resources reopens the
 * stream with the new filter. What arrives goes where a legacy server's notifications go. A server that refuses
 * the stream (an error status or answer) is not asked again until the subscriptions change; a dropped stream is
 * reopened after a back-off, giving up after {@value #MAX_FAILURES} failures in a row.
 */
final class ModernListen {

    private static final Logger log = LoggerFactory.getLogger(ModernListen.class);
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final int MAX_FAILURES = 8;
    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    private final RemoteContext context;
    private final RemoteConnection via;
    private final ServerHandshake handshake;
    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private final Set<String> tasks = ConcurrentHashMap.newKeySet();
    private final AtomicInteger generation = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Request current;

    ModernListen(RemoteContext context, RemoteConnection via, ServerHandshake handshake) {
        this.context = context;
        this.via = via;
        this.handshake = handshake;
    }

    /** Opens the stream if the server reports list changes; subscriptions open it on their own. */
    void start() {
        if (wantsListChanges()) {
            reopen();
        }
    }

    void subscribe(String uri) {
        if (resources.add(uri)) {
            reopen();
        }
    }

    void unsubscribe(String uri) {
        if (resources.remove(uri)) {
            reopen();
        }
    }

    void watchTask(String taskId, boolean watching) {
        if (watching ? tasks.add(taskId) : tasks.remove(taskId)) {
            reopen();
        }
    }

    void close() {
        closing.countDown();
        generation.incrementAndGet();
        abortCurrent();
    }

    private boolean wantsListChanges() {
        return ListenFilter.wantsListChanges(handshake);
    }

    private void reopen() {
        if (closing.getCount() == 0) {
            return;
        }
        int mine = generation.incrementAndGet();
        abortCurrent();
        if (resources.isEmpty() && tasks.isEmpty() && !wantsListChanges()) {
            return;
        }
        context.options().background().execute(() -> listen(mine));
    }

    private void abortCurrent() {
        Request open = current;
        if (open != null) {
            HttpExchange.abort(open);
        }
    }

    private void listen(int mine) {
        StreamReconnects reconnects = new StreamReconnects(context.options().defaultRetry(), MAX_FAILURES, closing);
        while (closing.getCount() > 0 && generation.get() == mine) {
            Message.Request listen = ModernRequests.stamp(new Message.Request(RequestId.of("listen-" + mine),
                    ModernRequests.SUBSCRIPTIONS_LISTEN, ListenFilter.params(handshake, resources, tasks)),
                    ListenFilter.capabilities(context.options().clientCapabilities(), tasks));
            Request post = context.post(context.endpoint().url(), listen, IDLE)
                    .headers(headers -> ModernRequests.standardHeaders(listen).forEach(headers::put));
            current = post;
            if (generation.get() != mine) {
                HttpExchange.abort(post);
                return;
            }
            try {
                HttpExchange exchange = HttpExchange.open(context.server(), ModernRequests.SUBSCRIPTIONS_LISTEN, post,
                        context.timeout());
                if (!exchange.isEventStream()) {
                    exchange.abort();
                    log.info("Server {} did not open a subscriptions/listen stream (HTTP {}); resource updates and"
                            + " list changes will not reach clients", context.server(), exchange.status());
                    return;
                }
                reconnects.connected();
                EventStream stream = new EventStream(context.server(), context.options().maxMessageBytes(),
                        context.options().defaultRetry());
                stream.pump(exchange, (type, data) -> context.decodeEvent(data).ifPresent(this::deliver),
                        () -> generation.get() != mine || closing.getCount() == 0);
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
            context.inbound().accept(notification, via);
        }
    }
}
