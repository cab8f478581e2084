package dev.gatehouse;

import java.time.Instant;

/**
 * One recorded exchange without its bodies. {@code direction} is {@code client_to_server} for a client's request
 * or {@code server_to_client} for a server's request answered by a client. {@code outcome} is {@code ok},
 * {@code error} (a JSON-RPC error) or {@code tool_error} (a tool result with {@code isError}). {@code session} is
 * a handle derived from the session id, never the id itself, which would let a reader act in that session.
 * Nullable: session, rpcId, target, errorCode, errorMessage, httpStatus.
 */
public record ExchangeSummary(long id, String session, String server, String direction, String method,
                              String rpcId, String target, Instant startedAt, long durationMicros,
                              long requestBytes, long responseBytes, String outcome, Integer errorCode,
                              String errorMessage, Integer httpStatus, String capture) {

    public boolean isError() {
        return !outcome.equals("ok");
    }
}
