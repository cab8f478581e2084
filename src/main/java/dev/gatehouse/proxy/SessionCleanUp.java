package dev.gatehouse.proxy;

import dev.gatehouse.policy.StandardPolicies;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.session.Session;

/**
 * Releases what an ended session held: its policy state, its subscriptions, the task notifications it watched, and
 * the server requests waiting on it.
 */
final class SessionCleanUp {

    private final StandardPolicies policies;
    private final SubscriptionUpkeep subscriptionUpkeep;
    private final RoutingTables tables;
    private final UpstreamRegistry registry;
    private final TrafficTap tap;

    SessionCleanUp(StandardPolicies policies, SubscriptionUpkeep subscriptionUpkeep, RoutingTables tables,
                   UpstreamRegistry registry, TrafficTap tap) {
        this.policies = policies;
        this.subscriptionUpkeep = subscriptionUpkeep;
        this.tables = tables;
        this.registry = registry;
        this.tap = tap;
    }

    void release(Session session) {
        policies.sessionEnded(session.id());
        subscriptionUpkeep.sessionEnded(session);
        tables.tasks().ended(session).forEach(task -> registry.upstream(task.server())
                .ifPresent(upstream -> upstream.watchTask(task.taskId(), false)));
        for (ServerRequests.Pending pending : tables.serverRequests().drain(session)) {
            Message.Response refusal = Message.Response.failure(pending.upstreamId(),
                    new RpcError(RpcError.INTERNAL_ERROR, "The client session ended before answering"));
            pending.answer(refusal);
            tap.serverExchange(session, pending.upstream().name(), pending.request(), refusal, pending.startNanos());
        }
        tap.sessionEnded(session);
    }
}
