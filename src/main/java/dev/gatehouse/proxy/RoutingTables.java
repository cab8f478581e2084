package dev.gatehouse.proxy;

/**
 * The state shared by the request path and the server-message path: who is waiting on which upstream, which
 * progress tokens and server requests are outstanding, who subscribed to what, and which session created which task.
 */
record RoutingTables(ActiveCalls activeCalls, ProgressTokens progress, ServerRequests serverRequests,
                     Subscriptions subscriptions, TaskOwners tasks) {

    RoutingTables() {
        this(new ActiveCalls(), new ProgressTokens(), new ServerRequests(), new Subscriptions(), new TaskOwners());
    }
}
