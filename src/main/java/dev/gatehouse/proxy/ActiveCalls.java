package dev.gatehouse.proxy;

import dev.gatehouse.session.Session;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The client requests in flight to each upstream, oldest first. A server-to-client request or log message from a
 * server goes to the most recent one: the stdio transport does not say which request it belongs to, and the
 * newest caller is the one most likely waiting on it.
 */
final class ActiveCalls {

    private final Map<String, ConcurrentLinkedDeque<ActiveCall>> byServer = new ConcurrentHashMap<>();

    void add(ActiveCall call) {
        byServer.computeIfAbsent(call.server(), s -> new ConcurrentLinkedDeque<>()).addLast(call);
    }

    void remove(ActiveCall call) {
        ConcurrentLinkedDeque<ActiveCall> calls = byServer.get(call.server());
        if (calls != null) {
            calls.removeLastOccurrence(call);
        }
    }

    int count(String server) {
        ConcurrentLinkedDeque<ActiveCall> calls = byServer.get(server);
        return calls == null ? 0 : calls.size();
    }

    int total() {
        return byServer.values().stream().mapToInt(ConcurrentLinkedDeque::size).sum();
    }

    /** The newest call of one session to {@code server}. */
    Optional<ActiveCall> mostRecent(String server, Session session) {
        ConcurrentLinkedDeque<ActiveCall> calls = byServer.get(server);
        if (calls == null) {
            return Optional.empty();
        }
        var newestFirst = calls.descendingIterator();
        while (newestFirst.hasNext()) {
            ActiveCall call = newestFirst.next();
            if (call.session() == session) {
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }

    Optional<ActiveCall> mostRecent(String server) {
        ConcurrentLinkedDeque<ActiveCall> calls = byServer.get(server);
        return calls == null ? Optional.empty() : Optional.ofNullable(calls.peekLast());
    }
}
