package dev.gatehouse.proxy;

import dev.gatehouse.PendingCall;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How long a legacy {@code tasks/result} may wait. The server holds that request until the task ends (2025-11-25,
 * experimental tasks), which may be long after the per-call timeout; but a task has a {@code ttl}, its retention from
 * creation ({@code null}: unlimited), after which the server may delete it, so a wait past it could never be
 * answered. So a held {@code tasks/result} waits for the rest of its task's ttl as the gateway counts it from the
 * creation it saw (the server's {@code createdAt} is another machine's clock), at most the configured maximum, and
 * never less than the server's call timeout. Each status the server announces for the task is a sign of life that
 * restarts that wait, under the ttl it carries; a status that ends the task leaves the server its call timeout to
 * send the result. The client's {@code notifications/cancelled} ends the wait like any call's.
 */
final class TaskResultWaits {

    /** The legacy statuses after which a task does not change any more. */
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    /** When the gateway saw a task created, and the retention the server announced ({@code null}: unlimited). */
    private record Timing(Instant seen, Duration ttl, boolean ended) {
    }

    /** A {@code tasks/result} in flight, and the timeout its server has for ordinary calls. */
    private record Held(PendingCall call, Duration callTimeout) {
    }

    private final InstantSource clock;
    private final Duration maxWait;
    private final Map<TaskOwners.Key, Timing> timings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskOwners.Key, Timing> eldest) {
            return size() > TaskOwners.MAX_TASKS;
        }
    };
    private final Map<TaskOwners.Key, Set<Held>> held = new HashMap<>();

    TaskResultWaits(InstantSource clock, Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the wait for a task's result must be positive");
        }
        this.clock = clock;
        this.maxWait = maxWait;
    }

    /** Notes a task the server just created ({@code task} is the answer's {@code task} object). */
    synchronized void created(String server, String taskId, JsonNode task) {
        TaskOwners.Key key = new TaskOwners.Key(server, taskId);
        // A status may have overtaken the answer that created the task (they arrive on different threads).
        Timing early = timings.get(key);
        timings.put(key, early != null ? early : new Timing(clock.instant(), ttl(task, null), false));
    }

    /** How long a {@code tasks/result} for the task sent now may wait, given its server's call timeout. */
    synchronized Duration window(String server, String taskId, Duration callTimeout) {
        return window(timings.get(new TaskOwners.Key(server, taskId)), callTimeout);
    }

    /** Holds a {@code tasks/result} sent to the server until its answer, so the task's signs of life reach it. */
    void hold(String server, String taskId, PendingCall call, Duration callTimeout) {
        TaskOwners.Key key = new TaskOwners.Key(server, taskId);
        Held entry = new Held(call, callTimeout);
        synchronized (this) {
            held.computeIfAbsent(key, k -> new HashSet<>()).add(entry);
        }
        call.response().whenComplete((response, failure) -> release(key, entry));
    }

    /**
     * A status the server announced for a task ({@code notifications/tasks/status}, whose params are the task): notes
     * its ttl and whether it ended, and restarts the wait of every {@code tasks/result} held for it.
     */
    void announced(String server, ObjectNode task) {
        String taskId = task.path("taskId").asString(null);
        if (taskId == null) {
            return;
        }
        TaskOwners.Key key = new TaskOwners.Key(server, taskId);
        List<Runnable> restarts;
        synchronized (this) {
            Timing known = timings.get(key);
            Timing now = new Timing(known == null ? clock.instant() : known.seen(),
                    ttl(task, known == null ? null : known.ttl()), isTerminal(task));
            timings.put(key, now);
            restarts = restartsOf(key, now);
        }
        restarts.forEach(Runnable::run);
    }

    /** Whether a task (as a status notification's params describe it) has reached a status it never leaves. */
    static boolean isTerminal(JsonNode task) {
        return TERMINAL.contains(task.path("status").asString(""));
    }

    /**
     * Progress the server reported under the token of the request that created the task: restarts the wait of every
     * {@code tasks/result} held for it, as a status would, without changing what is known of the task.
     */
    void progressed(TaskOwners.Key key) {
        List<Runnable> restarts;
        synchronized (this) {
            restarts = restartsOf(key, timings.get(key));
        }
        restarts.forEach(Runnable::run);
    }

    /**
     * The restarts of every {@code tasks/result} held for a task, each to its window under {@code timing}: built
     * under the lock, run after it, since a call's restart must never run while this table is locked.
     */
    private List<Runnable> restartsOf(TaskOwners.Key key, Timing timing) {
        List<Runnable> restarts = new ArrayList<>();
        for (Held entry : held.getOrDefault(key, Set.of())) {
            Duration window = window(timing, entry.callTimeout());
            restarts.add(() -> entry.call().restartTimeout(window));
        }
        return restarts;
    }

    /** The {@code tasks/result} calls held now, for tests and diagnostics. */
    synchronized int heldCount() {
        return held.values().stream().mapToInt(Set::size).sum();
    }

    private synchronized void release(TaskOwners.Key key, Held entry) {
        Set<Held> calls = held.get(key);
        if (calls != null && calls.remove(entry) && calls.isEmpty()) {
            held.remove(key);
        }
    }

    private Duration window(Timing timing, Duration callTimeout) {
        if (timing != null && timing.ended()) {
            return callTimeout;
        }
        Duration wait = maxWait;
        if (timing != null && timing.ttl() != null) {
            Duration left = Duration.between(clock.instant(), timing.seen().plus(timing.ttl()));
            wait = left.compareTo(maxWait) < 0 ? left : maxWait;
        }
        return wait.compareTo(callTimeout) > 0 ? wait : callTimeout;
    }

    /** A task's {@code ttl} in ms: {@code null} means unlimited; absent or unreadable keeps {@code otherwise}. */
    private static Duration ttl(JsonNode task, Duration otherwise) {
        JsonNode ttl = task == null ? null : task.get("ttl");
        if (ttl == null || ttl.isMissingNode()) {
            return otherwise;
        }
        if (ttl.isNull()) {
            return null;
        }
        return ttl.canConvertToLong() && ttl.asLong() >= 0 ? Duration.ofMillis(ttl.asLong()) : otherwise;
    }
}
