package dev.gatehouse.upstream.stdio;

import dev.gatehouse.LimitCounters;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/**
 * What every stdio upstream shares: time, executors, the gateway's own environment (the source of the allowlisted
 * variables) and the bounds. {@code scheduler} only runs short timer tasks; {@code background} runs starts and
 * completions (virtual threads by default); {@code ioThreads} makes the long-lived pipe threads. {@code counters}
 * counts output lines over {@code maxLineBytes}.
 */
public record StdioOptions(InstantSource clock, ScheduledExecutorService scheduler, Executor background,
                           ThreadFactory ioThreads, Map<String, String> gatewayEnvironment, int maxLineBytes,
                           int maxPendingCalls, int maxQueuedWrites, BackoffPolicy backoff, Duration stopGrace,
                           RandomGenerator random, LimitCounters counters) {

    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING_CALLS = 1024;
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(2);
    static final int STDERR_LINES = 200;
    static final int STDERR_CHARS = 64 * 1024;

    public StdioOptions {
        if (clock == null || scheduler == null || background == null || ioThreads == null
                || gatewayEnvironment == null || backoff == null || stopGrace == null || random == null
                || counters == null) {
            throw new IllegalArgumentException("stdio options must not be null");
        }
        if (maxLineBytes < 1024 || maxPendingCalls < 1 || maxQueuedWrites < 2 || stopGrace.isNegative()) {
            throw new IllegalArgumentException("stdio bounds must be positive (lines at least 1024 bytes)");
        }
        gatewayEnvironment = Map.copyOf(gatewayEnvironment);
    }

    /** Production defaults: the system clock and environment, virtual threads, platform daemon pipe threads. */
    public static StdioOptions defaults(ScheduledExecutorService scheduler) {
        return new StdioOptions(InstantSource.system(), scheduler, runnable -> Thread.ofVirtual().start(runnable),
                Thread.ofPlatform().daemon().factory(), System.getenv(), DEFAULT_MAX_LINE_BYTES,
                DEFAULT_MAX_PENDING_CALLS, 4 * DEFAULT_MAX_PENDING_CALLS, BackoffPolicy.DEFAULT, DEFAULT_STOP_GRACE,
                RandomGenerator.getDefault(), new LimitCounters());
    }

    public StdioOptions withGatewayEnvironment(Map<String, String> environment) {
        return new StdioOptions(clock, scheduler, background, ioThreads, environment, maxLineBytes, maxPendingCalls,
                maxQueuedWrites, backoff, stopGrace, random, counters);
    }

    public StdioOptions withMaxLineBytes(int bytes) {
        return new StdioOptions(clock, scheduler, background, ioThreads, gatewayEnvironment, bytes, maxPendingCalls,
                maxQueuedWrites, backoff, stopGrace, random, counters);
    }

    public StdioOptions withMaxPendingCalls(int calls) {
        return new StdioOptions(clock, scheduler, background, ioThreads, gatewayEnvironment, maxLineBytes, calls,
                maxQueuedWrites, backoff, stopGrace, random, counters);
    }

    public StdioOptions withBackoff(BackoffPolicy policy) {
        return new StdioOptions(clock, scheduler, background, ioThreads, gatewayEnvironment, maxLineBytes,
                maxPendingCalls, maxQueuedWrites, policy, stopGrace, random, counters);
    }

    /** Counts over-long output lines in the gateway's shared counters. */
    public StdioOptions withCounters(LimitCounters shared) {
        return new StdioOptions(clock, scheduler, background, ioThreads, gatewayEnvironment, maxLineBytes,
                maxPendingCalls, maxQueuedWrites, backoff, stopGrace, random, shared);
    }

    public StdioOptions withStopGrace(Duration grace) {
        return new StdioOptions(clock, scheduler, background, ioThreads, gatewayEnvironment, maxLineBytes,
                maxPendingCalls, maxQueuedWrites, backoff, grace, random, counters);
    }
}
