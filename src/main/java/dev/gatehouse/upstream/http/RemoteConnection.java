package dev.gatehouse.upstream.http;

import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.upstream.PendingCalls;
import java.time.Duration;

/**
 * One established conversation with a remote server, in one era over one transport: a legacy Streamable HTTP
 * session, a modern (sessionless) endpoint, or a legacy HTTP+SSE session. Every method returns promptly; the
 * blocking exchanges run on {@link RemoteOptions#background()}.
 */
interface RemoteConnection {

    ServerHandshake handshake();

    /**
     * Told once the upstream has made this connection the live one, before its first use: the moment to open what
     * the server may answer through, since replies go to the live connection.
     */
    default void opened() {
        // Most connections have nothing to open.
    }

    /** {@code streamable-http} or {@code sse}. */
    String transport();

    /**
     * Sends a registered call. The call completes through {@link PendingCalls} when the answer arrives, or is failed
     * with a clear {@code GatewayFailure}; {@code mayRenew} allows one new session when the server says this one
     * has ended before it read the request.
     */
    void send(PendingCalls.Call call, Message.Request request, Duration timeout, boolean mayRenew);

    /** See {@link dev.gatehouse.Upstream#watchTask}; only a modern connection has a listen stream to ask on. */
    default void watchTask(String taskId, boolean watching) {
    }

    /** Sends a notification or a response to a server request; best effort, never blocks. */
    void post(Message message);

    /** Tells the server a call is no longer wanted (the era decides how). */
    void cancelled(long upstreamId, String reason);

    /** Ends the conversation (a legacy session is deleted); bounded by {@link RemoteOptions#closeGrace()}. */
    void close();
}
