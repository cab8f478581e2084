package dev.gatehouse.proxy;

/**
 * The state shared by the request path and the server-message path: who is waiting on which upstream, which
 * progress tokens and server requests are outstanding, and who subscribed to what.
 */
record RoutingTables(ActiveCalls activeCalls, ProgressTokens progress, ServerRequests serverRequests,
                     Subscriptions subscriptions) {

    RoutingTables() {
        this(new ActiveCalls(), new ProgressTokens(), new ServerRequests(), new Subscriptions());
    }
}
