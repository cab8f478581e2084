package dev.gatehouse.proxy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.session.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A modern client asks for log messages per request ({@code _meta} log level); a legacy server takes one level for
 * everyone ({@code logging/setLevel}). Before a modern request that wants more detail than the server was last set
 * to, the server is set to that level; the modern client's stream then filters to exactly what it asked for. A
 * level a legacy client sets is remembered the same way, so neither undoes the other needlessly.
 */
final class LegacyLogLevels {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyLogLevels.class);
    private static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");
    private static final long SET_WAIT_MILLIS = 5_000;

    private final Map<String, String> setOn = new ConcurrentHashMap<>();

    /** A legacy client set {@code level} on {@code server}. */
    void setBy(String server, String level) {
        if (LEVELS.contains(level)) {
            setOn.put(server, level);
        }
    }

    /** Lowers a legacy server's level to what a modern request asks for, waiting (briefly) until it is set. */
    void follow(Session session, Upstream upstream, ObjectNode params, CallOptions options) {
        ObjectNode meta = ModernEra.meta(params);
        if (!session.isModern() || meta == null || !meta.path(ModernEra.META_LOG_LEVEL).isString()) {
            return;
        }
        String wanted = meta.get(ModernEra.META_LOG_LEVEL).stringValue();
        ServerHandshake handshake = upstream.handshake();
        if (!LEVELS.contains(wanted) || ModernEra.VERSION.equals(handshake.protocolVersion())
                || !handshake.hasCapability("logging")) {
            return;
        }
        String current = setOn.get(upstream.name());
        if (current != null && LEVELS.indexOf(current) <= LEVELS.indexOf(wanted)) {
            return;
        }
        setOn.put(upstream.name(), wanted);
        ObjectNode level = JsonNodeFactory.instance.objectNode().put("level", wanted);
        try {
            upstream.call(new Message.Request(RequestId.of(0), McpMethods.LOGGING_SET_LEVEL, level), options)
                    .response().get(SET_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("could not set the log level of '{}' to {} for a modern client: {}", upstream.name(), wanted,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
