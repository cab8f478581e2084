package dev.gatehouse.proxy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.Session;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sessions subscribed to which resource of which server. The upstream is subscribed once, when the first
 * session subscribes, and unsubscribed when the last one leaves. Sessions that subscribe while that first upstream
 * subscription is still under way share its outcome: they are answered when it is, and a refusal refuses them all,
 * so no session is told it is subscribed to a resource the server never accepted.
 */
final class Subscriptions {

    record Key(String server, String uri) {
    }

    /**
     * A session's place among a resource's subscribers. {@code first} is set for the session that must subscribe
     * the upstream and then {@link #settle} the outcome; every other session waits for {@code upstream}.
     */
    record Joined(boolean first, CompletableFuture<Message.Response> upstream) {
    }

    private record Entry(Set<Session> sessions, CompletableFuture<Message.Response> upstream) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    synchronized Joined add(Key key, Session session) {
        Entry entry = entries.get(key);
        boolean first = entry == null;
        if (first) {
            entry = new Entry(ConcurrentHashMap.newKeySet(), new CompletableFuture<>());
            entries.put(key, entry);
        }
        entry.sessions().add(session);
        return new Joined(first, entry.upstream());
    }

    /**
     * The upstream's answer to the first subscription. A refusal (an error answer or a failure) forgets every
     * session that joined meanwhile, so the next subscriber asks the server again.
     */
    void settle(Key key, Joined joined, Message.Response response, Throwable failure) {
        if (failure != null || response.isError()) {
            synchronized (this) {
                Entry entry = entries.get(key);
                if (entry != null && entry.upstream() == joined.upstream()) {
                    entries.remove(key);
                }
            }
        }
        if (failure != null) {
            joined.upstream().completeExceptionally(failure);
        } else {
            joined.upstream().complete(response);
        }
    }

    /** Removes the session; true if it was the last subscriber, so the upstream must be unsubscribed. */
    synchronized boolean remove(Key key, Session session) {
        Entry entry = entries.get(key);
        if (entry == null || !entry.sessions().remove(session)) {
            return false;
        }
        if (entry.sessions().isEmpty()) {
            entries.remove(key);
            return true;
        }
        return false;
    }

    Set<Session> subscribers(Key key) {
        Entry entry = entries.get(key);
        return entry == null ? Set.of() : entry.sessions();
    }

    /**
     * The resources of {@code server} the server accepted subscriptions to, to ask a restarted or replaced server
     * again; those still under way are left to the subscription that is asking.
     */
    List<String> acceptedUris(String server) {
        return entries.entrySet().stream()
                .filter(e -> e.getKey().server().equals(server))
                .filter(e -> e.getValue().upstream().isDone() && !e.getValue().upstream().isCompletedExceptionally()
                        && !e.getValue().upstream().join().isError())
                .map(e -> e.getKey().uri()).sorted().toList();
    }

    /** Whether any session is subscribed to a resource of {@code server}. */
    boolean watches(String server) {
        return entries.keySet().stream().anyMatch(key -> key.server().equals(server));
    }

    /**
     * Forgets every subscription to a resource of {@code server}, which the configuration no longer has: its
     * subscribers are not carried over to a server later added under the same name, which is a new server they never
     * subscribed to. Returns how many resources were forgotten.
     */
    synchronized int forget(String server) {
        List<Key> keys = entries.keySet().stream().filter(key -> key.server().equals(server)).toList();
        keys.forEach(entries::remove);
        return keys.size();
    }

    /** How many resources some session is subscribed to, all servers together. */
    int size() {
        return entries.size();
    }

    /** Every subscription of a session, for cleaning up when it ends. */
    List<Key> keysOf(Session session) {
        return entries.entrySet().stream().filter(e -> e.getValue().sessions().contains(session))
                .map(Map.Entry::getKey).toList();
    }
}
