package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.session.Session;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-to-client requests waiting for the client's answer. The client sees a gateway-assigned id, so ids from
 * different servers cannot collide within a session; the answer is returned to the server under its own id.
 */
final class ServerRequests {

    private static final int MAX_PENDING = 1024;

    /**
     * {@code request} and {@code startNanos} are kept for the capture, which records the round trip. A request the
     * gateway asks on a modern server's behalf (from its {@code input_required} result) has {@code waiting} set: the
     * client's answer completes it instead of going to the server, which takes answers only in its next request.
     */
    record Pending(Upstream upstream, RequestId upstreamId, Session session, Message.Request request,
                   long startNanos, CompletableFuture<Message.Response> waiting) {

        Pending(Upstream upstream, RequestId upstreamId, Session session, Message.Request request, long startNanos) {
            this(upstream, upstreamId, session, request, startNanos, null);
        }

        /** Hands the client's answer (or the gateway's refusal) to whoever asked. */
        void answer(Message.Response response) {
            if (waiting != null) {
                waiting.complete(response);
            } else {
                upstream.reply(response.withId(upstreamId));
            }
        }
    }

    private final Map<RequestId, Pending> byGatewayId = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** The id the client will see, or empty when too many requests are waiting. */
    Optional<RequestId> register(Pending pending) {
        if (byGatewayId.size() >= MAX_PENDING) {
            return Optional.empty();
        }
        RequestId id = RequestId.of("gh-s" + sequence.incrementAndGet());
        byGatewayId.put(id, pending);
        return Optional.of(id);
    }

    /** Removes and returns the request the client answered, if it is one of this session's. */
    Optional<Pending> take(Session session, RequestId gatewayId) {
        Pending pending = byGatewayId.get(gatewayId);
        if (pending == null || pending.session() != session) {
            return Optional.empty();
        }
        return Optional.ofNullable(byGatewayId.remove(gatewayId));
    }

    /** The gateway id under which a server's own request was forwarded, for relaying its cancellation. */
    Optional<Map.Entry<RequestId, Pending>> findByUpstream(Upstream upstream, RequestId upstreamId) {
        return byGatewayId.entrySet().stream()
                .filter(e -> e.getValue().upstream() == upstream && e.getValue().upstreamId().equals(upstreamId))
                .findFirst();
    }

    /** How many requests wait for a client's answer, all sessions. */
    int size() {
        return byGatewayId.size();
    }

    /** Everything still waiting on a session that ended, removed. */
    List<Pending> drain(Session session) {
        List<RequestId> ids = byGatewayId.entrySet().stream()
                .filter(e -> e.getValue().session() == session).map(Map.Entry::getKey).toList();
        return ids.stream().map(byGatewayId::remove).filter(java.util.Objects::nonNull).toList();
    }
}
