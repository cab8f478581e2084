package dev.gatehouse.proxy;

import java.time.Duration;
import java.time.InstantSource;

/**
 * The state shared by the request path and the server-message path: who is waiting on which upstream, which
 * progress tokens and server requests are outstanding, who subscribed to what, which session created which task,
 * and how long each task's {@code tasks/result} may wait.
 */
record RoutingTables(ActiveCalls activeCalls, ProgressTokens progress, ServerRequests serverRequests,
                     Subscriptions subscriptions, TaskOwners tasks, TaskResultWaits taskResults) {

    /** {@code maxTaskResultWait} is the {@code [limits]} bound on a {@code tasks/result}'s wait for a sign of life. */
    RoutingTables(InstantSource clock, Duration maxTaskResultWait) {
        this(new ActiveCalls(), new ProgressTokens(), new ServerRequests(), new Subscriptions(),
                new TaskOwners(clock, TaskOwners.MAX_WAIT), new TaskResultWaits(clock, maxTaskResultWait));
    }
}
