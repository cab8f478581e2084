package dev.gatehouse;

import dev.gatehouse.protocol.Message;

/**
 * What an upstream reports on its own initiative. Called on the upstream's reader thread: implementations must
 * be quick and must not block on the same upstream.
 */
public interface UpstreamEvents {

    void onNotification(Upstream from, Message.Notification notification);

    /** A server-to-client request; answer it with {@link Upstream#reply}. */
    void onRequest(Upstream from, Message.Request request);

    void onStatusChange(Upstream from, UpstreamStatus status);
}
