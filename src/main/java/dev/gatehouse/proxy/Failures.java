package dev.gatehouse.proxy;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RpcError;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever ended an exchange into the error a client may see. Typed failures carry their own stable
 * message; anything unexpected is logged in full under a correlation id and reported without detail.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static RpcError toRpcError(Throwable thrown, String method) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof GatewayFailure gatewayFailure) {
            LOG.info("{} failed [{}]: {}", method, gatewayFailure.correlationId(), gatewayFailure.getMessage());
            return gatewayFailure.toRpcError();
        }
        if (failure instanceof ProtocolException protocol) {
            return protocol.error();
        }
        if (failure instanceof CancellationException) {
            // The client cancelled; MCP says no answer is owed, but an HTTP request still has to end.
            return new RpcError(RpcError.REQUEST_CANCELLED, "Request cancelled");
        }
        String correlationId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        LOG.error("{} failed unexpectedly [{}]", method, correlationId, failure);
        return new RpcError(RpcError.INTERNAL_ERROR, "Internal error (correlation id " + correlationId + ")");
    }

    static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
