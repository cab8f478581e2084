package dev.gatehouse.proxy;

import dev.gatehouse.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which legacy session created which task, so that a server's messages about a task (its
 * {@code notifications/tasks/status}, its questions) reach that session only: one upstream connection serves every
 * client, and a task is its creator's business. And which modern listen streams asked for which task's
 * {@code notifications/tasks}.
 *
 * <p>A task's first messages may arrive before the answer that created it has been seen: answers are completed on
 * another thread than the one that reads the server's next message. Such messages wait here until the creation is
 * seen. Both tables are bounded: past {@link #MAX_TASKS} the oldest owners are forgotten (their tasks' messages are
 * then dropped; polling still works). A waiting message is dropped and told so when {@link #MAX_WAITING} newer ones
 * wait, or when it has waited longer than the wait bound (the creation it waits for is normally milliseconds away, so
 * one that is not seen by then never will be, and a status delivered that late would be stale); each drop is counted
 * and logged. Stale messages are dropped whenever the table is used and by {@link #expireWaiting}, which the gateway
 * runs every second.
 */
final class TaskOwners {

    static final int MAX_TASKS = 4096;
    static final int MAX_WAITING = 256;
    /** How long a message may wait for its task's creation by default. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(TaskOwners.class);

    record Key(String server, String taskId) {
    }

    private record Waiting(Key key, Instant arrived, Consumer<Session> delivery, Runnable dropped) {
    }

    /** Why a waiting message was dropped, for the metrics. */
    enum Drop {
        /** {@link #MAX_WAITING} newer messages were waiting. */
        CROWDED("too_many_waiting"),
        /** Its task's creation was not seen within the wait bound. */
        LATE("waited_too_long");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final InstantSource clock;
    private final Duration maxWait;
    private final Map<Drop, LongAdder> drops = Map.of(Drop.CROWDED, new LongAdder(), Drop.LATE, new LongAdder());

    private final Map<Key, Session> owners = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Session> eldest) {
            return size() > MAX_TASKS;
        }
    };
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    /** The modern listen streams that asked for each task's status notifications. */
    private final Map<Key, Set<Session>> watchers = new HashMap<>();

    /** {@code maxWait} bounds how long a message waits for its task's creation. */
    TaskOwners(InstantSource clock, Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the wait for a task's creation must be positive");
        }
        this.clock = clock;
        this.maxWait = maxWait;
    }

    /** What {@link #watch} did. */
    enum Watch {
        /** The first listener of the task: the server must be asked for its notifications. */
        FIRST,
        /** Another listener of a task the server is already asked about. */
        ADDED,
        /** The table is full ({@link #MAX_TASKS} tasks watched): not granted. */
        FULL
    }

    /** Notes the creator of a task and hands it the messages about that task that arrived first. */
    void created(String server, String taskId, Session session) {
        Key key = new Key(server, taskId);
        List<Consumer<Session>> early = new ArrayList<>();
        List<Waiting> late = new ArrayList<>();
        synchronized (this) {
            takeExpired(late);
            owners.put(key, session);
            for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                Waiting message = it.next();
                if (message.key().equals(key)) {
                    early.add(message.delivery());
                    it.remove();
                }
            }
        }
        dropLate(late);
        early.forEach(delivery -> delivery.accept(session));
    }

    /**
     * Hands a message about a task to its creator: at once if known and open, later if its creation has not been
     * seen yet; {@code dropped} runs if the message is pushed out before that.
     */
    void deliver(String server, String taskId, Consumer<Session> delivery, Runnable dropped) {
        Key key = new Key(server, taskId);
        Session owner;
        Waiting pushedOut = null;
        List<Waiting> late = new ArrayList<>();
        synchronized (this) {
            takeExpired(late);
            owner = owners.get(key);
            if (owner == null) {
                waiting.addLast(new Waiting(key, clock.instant(), delivery, dropped));
                if (waiting.size() > MAX_WAITING) {
                    pushedOut = waiting.removeFirst();
                }
            }
        }
        dropLate(late);
        if (owner != null) {
            if (owner.isEnded()) {
                dropped.run();
            } else {
                delivery.accept(owner);
            }
        } else if (pushedOut != null) {
            drop(pushedOut, MAX_WAITING + " newer messages wait for their tasks' creation", Drop.CROWDED);
        }
    }

    /** Drops the messages that have waited for their task's creation longer than the wait bound. */
    void expireWaiting() {
        List<Waiting> late = new ArrayList<>();
        synchronized (this) {
            takeExpired(late);
        }
        dropLate(late);
    }

    /** Moves the messages waiting past the bound to {@code into}; the queue is in arrival order. Holds the lock. */
    private void takeExpired(List<Waiting> into) {
        Instant oldest = clock.instant().minus(maxWait);
        while (!waiting.isEmpty() && waiting.peekFirst().arrived().isBefore(oldest)) {
            into.add(waiting.removeFirst());
        }
    }

    private void dropLate(List<Waiting> late) {
        late.forEach(message -> drop(message, "its task's creation was not seen within " + maxWait.toMillis() + " ms",
                Drop.LATE));
    }

    private void drop(Waiting message, String why, Drop reason) {
        drops.get(reason).increment();
        LOG.info("dropped a message from '{}' about task {}: {}", message.key().server(), message.key().taskId(), why);
        message.dropped().run();
    }

    /** How many waiting messages were dropped for {@code reason} since the gateway started. */
    long dropped(Drop reason) {
        return drops.get(reason).sum();
    }

    /** The creator of a task, while its session is open. */
    synchronized Optional<Session> owner(String server, String taskId) {
        return Optional.ofNullable(owners.get(new Key(server, taskId))).filter(session -> !session.isEnded());
    }

    synchronized Watch watch(String server, String taskId, Session listener) {
        Key key = new Key(server, taskId);
        Set<Session> listeners = watchers.get(key);
        if (listeners == null) {
            if (watchers.size() >= MAX_TASKS) {
                return Watch.FULL;
            }
            listeners = new HashSet<>();
            watchers.put(key, listeners);
        }
        listeners.add(listener);
        return listeners.size() == 1 ? Watch.FIRST : Watch.ADDED;
    }

    /** The listen streams that asked for a task's notifications. */
    synchronized List<Session> watchers(String server, String taskId) {
        return List.copyOf(watchers.getOrDefault(new Key(server, taskId), Set.of()));
    }

    /** The tasks of {@code server} some listen stream asked about, to ask a replaced server's connection again. */
    synchronized List<String> watchedTasks(String server) {
        return watchers.keySet().stream().filter(key -> key.server().equals(server)).map(Key::taskId).sorted()
                .toList();
    }

    /**
     * Forgets a server that a reload removed: its tasks' owners and listeners, and the messages waiting for its tasks'
     * creation (told they are dropped). A server added again under the same name may number its tasks from the start
     * again, and none of them may reach the sessions of the server it replaces.
     */
    void forget(String server) {
        List<Waiting> orphaned = new ArrayList<>();
        synchronized (this) {
            owners.keySet().removeIf(key -> key.server().equals(server));
            watchers.keySet().removeIf(key -> key.server().equals(server));
            for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                Waiting message = it.next();
                if (message.key().server().equals(server)) {
                    orphaned.add(message);
                    it.remove();
                }
            }
        }
        orphaned.forEach(message -> message.dropped().run());
    }

    /**
     * Forgets an ended session: the tasks it created and the tasks it listened to; answers the tasks nobody listens
     * to any more, whose servers need not be asked about them.
     */
    synchronized List<Key> ended(Session session) {
        owners.values().removeIf(owner -> owner == session);
        List<Key> unwatched = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Set<Session>>> it = watchers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Set<Session>> entry = it.next();
            if (entry.getValue().remove(session) && entry.getValue().isEmpty()) {
                unwatched.add(entry.getKey());
                it.remove();
            }
        }
        return unwatched;
    }
}
