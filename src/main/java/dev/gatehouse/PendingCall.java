package dev.gatehouse;

import dev.gatehouse.protocol.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A request in flight to an upstream. */
public interface PendingCall {

    /** Completes with the server's response, or exceptionally with a {@link GatewayFailure}. */
    CompletableFuture<Message.Response> response();

    /**
     * Tells the server the caller no longer wants the answer ({@code notifications/cancelled} with the upstream
     * id) and fails the response. Does nothing once the call has completed.
     */
    void cancel(String reason);

    /**
     * Restarts the call's timeout: unless answered, it now fails {@code timeout} from now, and progress restarts it
     * with that length. For a call that waits on something longer-lived than itself (a task's {@code tasks/result})
     * when that thing shows signs of life. A call that has no timeout of its own (an in-process one) ignores it.
     */
    default void restartTimeout(Duration timeout) {
    }

    /** A call answered by {@code response} alone, as in-process servers answer; cancelling cancels the future. */
    static PendingCall of(CompletableFuture<Message.Response> response) {
        return new PendingCall() {
            @Override
            public CompletableFuture<Message.Response> response() {
                return response;
            }

            @Override
            public void cancel(String reason) {
                response.cancel(false);
            }
        };
    }
}
