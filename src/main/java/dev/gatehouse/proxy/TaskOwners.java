package dev.gatehouse.proxy;

import dev.gatehouse.session.Session;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which legacy session created which task, so that a server's messages about a task (its
 * {@code notifications/tasks/status}, its questions) reach that session only: one upstream connection serves every
 * client, and a task is its creator's business.
 *
 * <p>A task's first messages may arrive before the answer that created it has been seen: answers are completed on
 * another thread than the one that reads the server's next message. Such messages wait here until the creation is
 * seen. Both tables are bounded: past {@link #MAX_TASKS} the oldest owners are forgotten (their tasks' messages are
 * then dropped; polling still works), past {@link #MAX_WAITING} the oldest waiting message is dropped and told so.
 */
final class TaskOwners {

    static final int MAX_TASKS = 4096;
    static final int MAX_WAITING = 256;

    record Key(String server, String taskId) {
    }

    private record Waiting(Key key, Consumer<Session> delivery, Runnable dropped) {
    }

    private final Map<Key, Session> owners = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Session> eldest) {
            return size() > MAX_TASKS;
        }
    };
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    /** Notes the creator of a task and hands it the messages about that task that arrived first. */
    void created(String server, String taskId, Session session) {
        Key key = new Key(server, taskId);
        List<Consumer<Session>> early = new ArrayList<>();
        synchronized (this) {
            owners.put(key, session);
            for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                Waiting message = it.next();
                if (message.key().equals(key)) {
                    early.add(message.delivery());
                    it.remove();
                }
            }
        }
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
        synchronized (this) {
            owner = owners.get(key);
            if (owner == null) {
                waiting.addLast(new Waiting(key, delivery, dropped));
                if (waiting.size() > MAX_WAITING) {
                    pushedOut = waiting.removeFirst();
                }
            }
        }
        if (owner != null) {
            if (owner.isEnded()) {
                dropped.run();
            } else {
                delivery.accept(owner);
            }
        } else if (pushedOut != null) {
            pushedOut.dropped().run();
        }
    }

    /** The creator of a task, while its session is open. */
    synchronized Optional<Session> owner(String server, String taskId) {
        return Optional.ofNullable(owners.get(new Key(server, taskId))).filter(session -> !session.isEnded());
    }

    /** Forgets an ended session's tasks. */
    synchronized void ended(Session session) {
        owners.values().removeIf(owner -> owner == session);
    }
}
