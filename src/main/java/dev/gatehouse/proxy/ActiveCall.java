package dev.gatehouse.proxy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;

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

    /** Related messages go to the retry that carries the call on. */
    void moveTo(Session next, ExchangeChannel nextChannel) {
        this.session = next;
        this.channel = nextChannel;
    }

    /** Sends a related message on the request's stream, or on the session's GET stream once that has closed. */
    void deliver(Message message) {
        if (!channel.send(message)) {
            session.outbound().offer(message);
        }
    }
}
