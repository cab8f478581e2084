package dev.gatehouse.policy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per session (every request) and per session and tool ({@code tools/call}). A refused call is
 * answered at once with {@link GatewayFailure.RateLimited}, which the MCP plane sends as HTTP 429 with
 * {@code Retry-After}. Buckets live as long as their session ({@link #forget}); a session's tool buckets are
 * capped so that random tool names cannot grow the table.
 */
public final class RateLimitPolicy implements Policy {

    private static final int MAX_TOOL_BUCKETS_PER_SESSION = 1024;

    private final InstantSource clock;
    private final LimitSettings limits;
    private final LimitCounters counters;
    private final Map<String, SessionBuckets> sessions = new ConcurrentHashMap<>();

    public RateLimitPolicy(InstantSource clock, LimitSettings limits, LimitCounters counters) {
        this.clock = clock;
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
        SessionBuckets buckets = sessions.computeIfAbsent(call.sessionId(), id -> new SessionBuckets());
        long wait = buckets.all.tryTake();
        if (wait > 0) {
            counters.hit(LimitCounters.Limit.SESSION_RATE);
            return refuse("requests on this session", limits.requestsPerSecond() + "/s, burst "
                    + limits.requestBurst(), wait);
        }
        if (call.method().equals(McpMethods.TOOLS_CALL) && call.tool() != null) {
            wait = buckets.tool(call.tool().shown()).tryTake();
            if (wait > 0) {
                counters.hit(LimitCounters.Limit.TOOL_RATE);
                return refuse("calls of " + call.tool().shown() + " on this session",
                        limits.toolCallsPerSecond() + "/s, burst " + limits.toolCallBurst(), wait);
            }
        }
        return next.proceed(call);
    }

    /** Drops an ended session's buckets. */
    public void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    private static CompletableFuture<Message.Response> refuse(String what, String limit, long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return CompletableFuture.failedFuture(new GatewayFailure.RateLimited(what, limit, seconds));
    }

    private final class SessionBuckets {
        final TokenBucket all = new TokenBucket(clock, limits.requestsPerSecond(), limits.requestBurst());
        private final Map<String, TokenBucket> tools = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > MAX_TOOL_BUCKETS_PER_SESSION;
            }
        };

        synchronized TokenBucket tool(String name) {
            return tools.computeIfAbsent(name,
                    n -> new TokenBucket(clock, limits.toolCallsPerSecond(), limits.toolCallBurst()));
        }
    }
}
