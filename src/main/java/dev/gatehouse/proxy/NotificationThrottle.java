package dev.gatehouse.proxy;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.policy.TokenBucket;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per server for the notifications it sends on its own initiative (progress, log lines, list
 * changes, resource updates). A server flooding them has the excess dropped and counted, so it cannot fill every
 * session's queue or keep the gateway busy; a well-behaved server never comes near the rate. The table holds one
 * bucket per configured server.
 */
final class NotificationThrottle {

    static final int PER_SECOND = 200;
    static final int BURST = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(NotificationThrottle.class);

    private final InstantSource clock;
    private final LimitCounters counters;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    NotificationThrottle(InstantSource clock, LimitCounters counters) {
        this.clock = clock;
        this.counters = counters;
    }

    /** Whether this notification from {@code server} may be routed; a refusal is counted. */
    boolean admit(String server) {
        if (buckets.computeIfAbsent(server, s -> new TokenBucket(clock, PER_SECOND, BURST)).tryTake() == 0) {
            return true;
        }
        counters.hit(LimitCounters.Limit.UPSTREAM_NOTIFICATIONS);
        LOG.debug("server '{}' sends more than {} notifications a second; dropped one", server, PER_SECOND);
        return false;
    }
}
