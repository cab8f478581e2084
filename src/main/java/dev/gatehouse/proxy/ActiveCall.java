package dev.gatehouse.proxy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;

/** A client request being served by one upstream: where that upstream's related messages should go. */
record ActiveCall(Session session, ExchangeChannel channel, String server) {

    /** Sends a related message on the request's stream, or on the session's GET stream once that has closed. */
    void deliver(Message message) {
        if (!channel.send(message)) {
            session.outbound().offer(message);
        }
    }
}
