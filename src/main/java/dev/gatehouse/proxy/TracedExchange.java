package dev.gatehouse.proxy;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client request's channel with what the capture needs to know about it: when it began, from whom, and which
 * server it was routed to (the built-in name until routing picks one, for answers the gateway gives itself).
 * Completing it hands the exchange to the capture and then completes the channel, exactly once: recording first
 * means an answer a client holds was always offered to the capture before it was sent.
 */
final class TracedExchange {

    private final ExchangeChannel channel;
    private final Session session;
    private final Message.Request request;
    private final HttpRequestFacts http;
    private final TrafficTap tap;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile String server = GatewayConfig.BUILTIN_SERVER;

    TracedExchange(ExchangeChannel channel, Session session, Message.Request request, HttpRequestFacts http,
                   TrafficTap tap) {
        this.channel = channel;
        this.session = session;
        this.request = request;
        this.http = http;
        this.tap = tap;
    }

    /** The channel itself, for messages related to the request (progress, log lines, server requests). */
    ExchangeChannel channel() {
        return channel;
    }

    void routedTo(String upstream) {
        server = upstream;
    }

    void complete(Message.Response response) {
        if (completed.compareAndSet(false, true)) {
            tap.clientExchange(session, server, request, response, startNanos, http);
            channel.complete(response);
        }
    }
}
