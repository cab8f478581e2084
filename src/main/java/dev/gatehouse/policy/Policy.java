package dev.gatehouse.policy;

import dev.gatehouse.protocol.Message;
import java.util.concurrent.CompletableFuture;

/**
 * One step of the chain every client request passes. A policy either answers the call itself (a JSON-RPC error
 * or a tool error) or calls {@link Next#proceed} exactly once, and may then change the answer on its way back.
 * It must not block: anything slow is composed onto the returned future.
 */
public interface Policy {

    /** The rest of the chain, ending in the upstream. */
    @FunctionalInterface
    interface Next {
        CompletableFuture<Message.Response> proceed(PolicyCall call);
    }

    /** A short name used in contract-violation messages and logs. */
    String name();

    CompletableFuture<Message.Response> apply(PolicyCall call, Next next);
}
