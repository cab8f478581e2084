package dev.gatehouse.proxy;

import dev.gatehouse.session.Session;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sessions subscribed to which resource of which server. The upstream is subscribed once, when the first
 * session subscribes, and unsubscribed when the last one leaves.
 */
final class Subscriptions {

    record Key(String server, String uri) {
    }

    private final Map<Key, Set<Session>> subscribers = new ConcurrentHashMap<>();

    /** Adds the session; true if it is the first subscriber, so the upstream must be subscribed. */
    synchronized boolean add(Key key, Session session) {
        Set<Session> sessions = subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
        boolean first = sessions.isEmpty();
        sessions.add(session);
        return first;
    }

    /** Removes the session; true if it was the last subscriber, so the upstream must be unsubscribed. */
    synchronized boolean remove(Key key, Session session) {
        Set<Session> sessions = subscribers.get(key);
        if (sessions == null || !sessions.remove(session)) {
            return false;
        }
        if (sessions.isEmpty()) {
            subscribers.remove(key);
            return true;
        }
        return false;
    }

    Set<Session> subscribers(Key key) {
        return subscribers.getOrDefault(key, Set.of());
    }

    /** Every subscription of a session, for cleaning up when it ends. */
    List<Key> keysOf(Session session) {
        return subscribers.entrySet().stream().filter(e -> e.getValue().contains(session)).map(Map.Entry::getKey)
                .toList();
    }
}
