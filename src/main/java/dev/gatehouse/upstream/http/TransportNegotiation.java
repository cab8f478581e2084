package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out how to speak to a remote server, in the order the specification gives: a modern request first
 * ({@code server/discover}), then the legacy {@code initialize} over Streamable HTTP, then, for {@code auto} only
 * and only when that POST was refused with 400, 404 or 405 and no modern error, the deprecated HTTP+SSE transport.
 */
final class TransportNegotiation {

    private static final Logger log = LoggerFactory.getLogger(TransportNegotiation.class);

    private TransportNegotiation() {
    }

    static RemoteConnection connect(RemoteContext context) {
        ServerConfig.RemoteTransport transport = context.endpoint().transport();
        if (transport == ServerConfig.RemoteTransport.SSE) {
            return SseSession.open(context);
        }
        Optional<ModernConnection> modern = ModernConnection.discover(context);
        if (modern.isPresent()) {
            return modern.get();
        }
        try {
            return StreamableSession.initialize(context);
        } catch (StreamableSession.NotStreamable refused) {
            if (transport != ServerConfig.RemoteTransport.AUTO) {
                throw context.unavailable("it refused initialize over Streamable HTTP (" + refused.getMessage()
                        + "); if it speaks the older HTTP+SSE transport, set transport = \"sse\" or \"auto\"");
            }
            log.info("Server {} refused Streamable HTTP ({}); trying the HTTP+SSE transport", context.server(),
                    refused.getMessage());
            return SseSession.open(context);
        }
    }
}
