package dev.gatehouse.proxy;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.capture.TrafficEvent;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Routes what a client sends besides requests: its notifications, and its answers to the requests servers sent it.
 * Client requests go through {@link ExchangeHandler}.
 */
final class ClientMessageRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientMessageRouter.class);

    private final ServerRequests serverRequests;
    private final TrafficTap tap;

    ClientMessageRouter(ServerRequests serverRequests, TrafficTap tap) {
        this.serverRequests = serverRequests;
        this.tap = tap;
    }

    void notification(View view, Session session, Message.Notification notification) {
        tap.notification(session, TrafficTap.server(view), TrafficEvent.Direction.CLIENT_TO_SERVER, notification);
        switch (notification.method()) {
            case McpMethods.CANCELLED -> {
                JsonNode requestId = notification.params() == null ? null : notification.params().get("requestId");
                if (requestId != null && (requestId.isString() || requestId.isIntegralNumber())) {
                    session.cancelInFlight(new RequestId(requestId));
                }
            }
            case McpMethods.ROOTS_LIST_CHANGED -> view.upstreams().stream()
                    .filter(u -> u.status().state() == UpstreamStatus.State.READY)
                    .forEach(u -> u.notify(notification));
            default -> LOG.debug("client notification {} needs no routing", notification.method());
        }
    }

    void response(Session session, Message.Response response) {
        if (response.id() == null) {
            return;
        }
        serverRequests.take(session, response.id()).ifPresentOrElse(
                pending -> {
                    pending.answer(response);
                    tap.serverExchange(session, pending.upstream().name(), pending.request(), response,
                            pending.startNanos());
                },
                () -> LOG.debug("client answered {}, which no server is waiting for", response.id()));
    }
}
