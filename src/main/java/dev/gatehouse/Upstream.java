package dev.gatehouse;

import dev.gatehouse.protocol.Message;
import java.util.List;

/**
 * A connection to one MCP server, whatever its transport. Implementations own their ids: a request passed to
 * {@link #call} is sent under a fresh upstream id, so any number of downstream sessions can share one server.
 * Messages the server sends on its own initiative go to the {@link UpstreamEvents} given at construction.
 */
public interface Upstream extends AutoCloseable {

    /** The configured server name, used as the namespace prefix. */
    String name();

    /** How the server is reached: {@code stdio}, {@code builtin}, and later the HTTP transports. */
    String transport();

    UpstreamStatus status();

    /**
     * Starts the server if it is not running and completes the {@code initialize} handshake. Blocks the calling
     * (virtual) thread; fails with a {@link GatewayFailure} when the server cannot be started.
     */
    ServerHandshake handshake();

    /**
     * Sends a request; the id of {@code request} is ignored and replaced. The returned call completes with the
     * server's response (its id is the upstream's, not the caller's) or exceptionally with a
     * {@link GatewayFailure}. Progress notifications carrying the request's progress token extend its timeout.
     */
    PendingCall call(Message.Request request, CallOptions options);

    /** Sends a notification (cancellations of calls go through {@link PendingCall#cancel}). */
    void notify(Message.Notification notification);

    /** Answers a request the server sent (see {@link UpstreamEvents#onRequest}); the id is the server's own. */
    void reply(Message.Response response);

    /**
     * The last lines the server wrote for diagnosis (a child's stderr), unredacted: for the log and, after
     * redaction, the management API; never for clients. Empty for transports that have none.
     */
    default List<String> stderrTail() {
        return List.of();
    }

    /**
     * For a modern server offering the tasks extension: whether its {@code subscriptions/listen} stream asks for the
     * status notifications of one of its tasks. No effect on other servers.
     */
    default void watchTask(String taskId, boolean watching) {
    }

    /** Stops the server and fails whatever is in flight. Idempotent. */
    @Override
    void close();
}
