package dev.gatehouse.upstream;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calls one connection to a server has in flight (a child process, or a remote session), by upstream id and by progress token. Every way a call ends (response, timeout,
 * cancel, child exit, the caller completing the future itself) first removes it here, so exactly one of them wins.
 * Futures are completed on the {@code completions} executor, never on the reader or scheduler thread, so code a caller
 * chains onto a response never runs there.
 */
public final class PendingCalls {

    /** Sends {@code notifications/cancelled} for an upstream id; must not block. */
    public interface CancelSender {
        void send(long upstreamId, String reason);
    }

    private final String server;
    private final int maxPending;
    private final ScheduledExecutorService scheduler;
    private final Executor completions;
    private final CancelSender cancelSender;
    private final Map<Long, Call> byId = new ConcurrentHashMap<>();
    private final Map<String, Call> byToken = new ConcurrentHashMap<>();
    /** Orders registration against {@link #failAll}, so no call slips in after the sweep. */
    private final ReentrantLock admission = new ReentrantLock();
    private Supplier<? extends GatewayFailure> closedWith;

    public PendingCalls(String server, int maxPending, ScheduledExecutorService scheduler, Executor completions,
                 CancelSender cancelSender) {
        this.server = server;
        this.maxPending = maxPending;
        this.scheduler = scheduler;
        this.completions = completions;
        this.cancelSender = cancelSender;
    }

    /** The progress token a request's {@code _meta} carries, or null: a string or an integer only. */
    public static JsonNode progressToken(ObjectNode params) {
        JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
        return token != null && (token.isString() || token.isIntegralNumber()) ? token : null;
    }

    /** A call that has already failed, for callers that never reached a child. */
    public static PendingCall failed(GatewayFailure failure) {
        CompletableFuture<Message.Response> future = CompletableFuture.failedFuture(failure);
        return new PendingCall() {
            @Override
            public CompletableFuture<Message.Response> response() {
                return future;
            }

            @Override
            public void cancel(String reason) {
                // Already failed: nothing was sent, so there is nothing to cancel.
            }
        };
    }

    /**
     * Records a call before its request is written. {@code progressToken} may be null. Fails with
     * {@link GatewayFailure.LimitExceeded} when {@code maxPending} calls are in flight.
     */
    public Call register(long id, String method, JsonNode progressToken, Duration timeout) {
        Call call = new Call(id, method, progressToken == null ? null : progressToken.toString(), timeout);
        admission.lock();
        try {
            if (closedWith != null) {
                throw closedWith.get();
            }
            if (byId.size() >= maxPending) {
                throw new GatewayFailure.LimitExceeded("calls in flight to server '" + server + "'", maxPending);
            }
            byId.put(id, call);
            if (call.tokenKey != null) {
                byToken.putIfAbsent(call.tokenKey, call);
            }
        } finally {
            admission.unlock();
        }
        call.future.whenComplete((response, failure) -> remove(call));
        call.arm();
        return call;
    }

    /** Completes the call {@code id} with {@code response}; false if no such call is in flight. */
    public boolean complete(long id, Message.Response response) {
        Call call = byId.get(id);
        if (call == null || !remove(call)) {
            return false;
        }
        completions.execute(() -> call.future.complete(response));
        return true;
    }

    /**
     * Fails the call {@code id} at once with the failure {@code failure} makes of its method (an answer that arrived
     * but could not be read); false if no such call is in flight.
     */
    public boolean fail(long id, Function<String, ? extends GatewayFailure> failure) {
        Call call = byId.get(id);
        if (call == null || !remove(call)) {
            return false;
        }
        GatewayFailure reason = failure.apply(call.method);
        completions.execute(() -> call.future.completeExceptionally(reason));
        return true;
    }

    /** Progress for a token restarts the timeout of the call that carries it. */
    public void onProgress(JsonNode token) {
        Call call = token == null ? null : byToken.get(token.toString());
        if (call != null) {
            call.arm();
        }
    }

    /** Fails every call in flight, and every later registration, with a fresh failure from {@code failure}. */
    public void failAll(Supplier<? extends GatewayFailure> failure) {
        List<Call> calls;
        admission.lock();
        try {
            if (closedWith == null) {
                closedWith = failure;
            }
            calls = List.copyOf(byId.values());
        } finally {
            admission.unlock();
        }
        for (Call call : calls) {
            if (remove(call)) {
                GatewayFailure each = failure.get();
                completions.execute(() -> call.future.completeExceptionally(each));
            }
        }
    }

    public int size() {
        return byId.size();
    }

    private boolean remove(Call call) {
        if (!byId.remove(call.id, call)) {
            return false;
        }
        if (call.tokenKey != null) {
            byToken.remove(call.tokenKey, call);
        }
        call.disarm();
        return true;
    }

    /** One call in flight. */
    public final class Call implements PendingCall {
        private final long id;
        private final String method;
        private final String tokenKey;
        private Duration timeout;
        private final CompletableFuture<Message.Response> future = new CompletableFuture<>();
        private ScheduledFuture<?> timer;
        private long generation;

        private Call(long id, String method, String tokenKey, Duration timeout) {
            this.id = id;
            this.method = method;
            this.tokenKey = tokenKey;
            this.timeout = timeout;
        }

        public long id() {
            return id;
        }

        @Override
        public CompletableFuture<Message.Response> response() {
            return future;
        }

        @Override
        public void cancel(String reason) {
            if (remove(this)) {
                cancelSender.send(id, reason);
                future.completeExceptionally(new CancellationException("call cancelled: " + reason));
            }
        }

        @Override
        public synchronized void restartTimeout(Duration next) {
            if (next.isNegative() || next.isZero()) {
                throw new IllegalArgumentException("a call timeout must be positive");
            }
            timeout = next;
            arm();
        }

        /** Fails the call without telling the server, for a request that could not be written. */
        public void abandon(GatewayFailure failure) {
            if (remove(this)) {
                completions.execute(() -> future.completeExceptionally(failure));
            }
        }

        /** (Re)starts the timeout from now. */
        private synchronized void arm() {
            if (future.isDone()) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            long armed = ++generation;
            timer = scheduler.schedule(() -> expire(armed), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private synchronized void disarm() {
            generation++;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        private void expire(long armed) {
            long millis;
            synchronized (this) {
                if (armed != generation) {
                    return;
                }
                millis = timeout.toMillis();
            }
            if (remove(this)) {
                cancelSender.send(id, "timed out after " + millis + " ms");
                GatewayFailure failure = new GatewayFailure.UpstreamTimeout(server, method, millis);
                completions.execute(() -> future.completeExceptionally(failure));
            }
        }
    }
}
