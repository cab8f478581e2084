package dev.gatehouse.upstream;

import dev.gatehouse.GatewayFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on a start or an answer, with every way the wait can end mapped to a {@link GatewayFailure}. */
public final class Awaiting {

    private Awaiting() {
    }

    /**
     * The value of {@code future} within {@code wait}. A {@link GatewayFailure} it failed with is rethrown as is; any
     * other failure becomes {@link GatewayFailure.UpstreamUnavailable} naming {@code what}, running out of time
     * {@link GatewayFailure.UpstreamTimeout}.
     */
    public static <T> T await(CompletableFuture<T> future, Duration wait, String server, String what) {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GatewayFailure failure) {
                throw failure;
            }
            throw new GatewayFailure.UpstreamUnavailable(server, what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new GatewayFailure.UpstreamTimeout(server, what, wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayFailure.UpstreamUnavailable(server, "interrupted during " + what, e);
        }
    }
}
