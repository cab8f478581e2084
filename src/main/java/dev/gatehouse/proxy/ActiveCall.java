package dev.gatehouse.proxy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import tools.jackson.databind.JsonNode;

/**
 * A client request being served by one upstream: where that upstream's related messages should go. A modern
 * client's call to a legacy server may span several client requests (each retry answers the server's questions);
 * the call then moves to the newest one, and {@link #suspension()} holds what the rounds share.
 */
final class ActiveCall {

    private final String server;
    private volatile Session session;
    private volatile ExchangeChannel channel;
    private volatile SuspendedCall suspension;
    private volatile JsonNode progressToken;

    ActiveCall(Session session, ExchangeChannel channel, String server) {
        this.session = session;
        this.channel = channel;
        this.server = server;
    }

    Session session() {
        return session;
    }

    String server() {
        return server;
    }

    /** The rounds of a call that may ask the client for input through {@code input_required}, or null. */
    SuspendedCall suspension() {
        return suspension;
    }

    void suspendable(SuspendedCall rounds) {
        this.suspension = rounds;
    }

    /** The client's token for progress on this call, or null when the request carrying it asked for none. */
    JsonNode progressToken() {
        return progressToken;
    }

    void awaitProgressAs(JsonNode clientToken) {
        this.progressToken = clientToken;
    }

    /**
     * Related messages go to the retry that carries the call on, and progress under the retry's own token: the
     * client waits on that request now, and a retry that asked for no progress gets none.
     */
    void moveTo(Session next, ExchangeChannel nextChannel, JsonNode nextProgressToken) {
        this.session = next;
        this.channel = nextChannel;
        this.progressToken = nextProgressToken;
    }

    /** Sends a related message on the request's stream, or on the session's GET stream once that has closed. */
    void deliver(Message message) {
        if (!channel.send(message)) {
            session.outbound().offer(message);
        }
    }
}
