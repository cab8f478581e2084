package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.session.Session;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps what servers are subscribed to in step with what sessions are, outside the request path: a server is
 * unsubscribed from a resource when the last session subscribed to it ends, and a server that comes back (restarted,
 * or replaced by a new instance), which remembers no subscription, is asked again for every resource sessions are
 * still subscribed to on it and about every task whose notifications a listen stream still waits for (a remote
 * server's tasks outlive the gateway's connection to it).
 */
final class SubscriptionUpkeep {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionUpkeep.class);

    private final Subscriptions subscriptions;
    private final TaskOwners tasks;
    private final UpstreamRegistry registry;
    private final Executor executor;

    SubscriptionUpkeep(Subscriptions subscriptions, TaskOwners tasks, UpstreamRegistry registry, Executor executor) {
        this.subscriptions = subscriptions;
        this.tasks = tasks;
        this.registry = registry;
        this.executor = executor;
    }

    /** Drops an ended session's subscriptions, unsubscribing each server it was the last subscriber on. */
    void sessionEnded(Session session) {
        for (Subscriptions.Key key : subscriptions.keysOf(session)) {
            if (subscriptions.remove(key, session)) {
                registry.upstream(key.server()).ifPresent(upstream ->
                        upstream.call(request(McpMethods.RESOURCES_UNSUBSCRIBE, key.uri()),
                                registry.options(upstream.name())));
            }
        }
    }

    /**
     * Subscribes a server that became ready to what its sessions are still subscribed to. Called on the thread that
     * reported the status, so the requests are sent from {@code executor}.
     */
    void cameBack(Upstream upstream) {
        executor.execute(() -> resubscribe(upstream));
    }

    private void resubscribe(Upstream upstream) {
        // Watching is idempotent: an upstream that kept its watched tasks (a restarted child) does not ask twice.
        tasks.watchedTasks(upstream.name()).forEach(taskId -> upstream.watchTask(taskId, true));
        for (String uri : subscriptions.acceptedUris(upstream.name())) {
            upstream.call(request(McpMethods.RESOURCES_SUBSCRIBE, uri), registry.options(upstream.name()))
                    .response().whenComplete((response, failure) -> {
                        if (failure != null || response.isError()) {
                            LOG.warn("server '{}' came back but did not take the subscription to {} again: {}",
                                    upstream.name(), uri, failure != null ? failure.getMessage()
                                            : response.error().message());
                        }
                    });
        }
    }

    private static Message.Request request(String method, String uri) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("uri", uri);
        return new Message.Request(RequestId.of(0), method, params);
    }
}
