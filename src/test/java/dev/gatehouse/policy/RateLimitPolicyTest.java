package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.LimitCounters;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private final SteppingClock clock = new SteppingClock();
    private final LimitCounters counters = new LimitCounters();
    // 2 requests/s with a burst of 4; tools 1/s with a burst of 2.
    private final RateLimitPolicy policy = new RateLimitPolicy(clock,
            new LimitSettings(2, 4, 1, 2, 16, 128, 1 << 20, 16 * 1024, 1 << 20), counters);

    private CompletableFuture<Message.Response> send(PolicyCall call) {
        return policy.apply(call, PolicyCalls::ok);
    }

    private static GatewayFailure.RateLimited refusal(CompletableFuture<Message.Response> answer) {
        try {
            answer.join();
        } catch (CompletionException e) {
            return (GatewayFailure.RateLimited) e.getCause();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void letsABurstThroughThenRefusesWithTheWaitUntilTheNextToken() {
        for (int i = 0; i < 4; i++) {
            assertThat(send(PolicyCalls.request("a", "ping")).join().isError()).isFalse();
        }
        GatewayFailure.RateLimited refused = refusal(send(PolicyCalls.request("a", "ping")));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.toRpcError().code()).isEqualTo(RpcError.RATE_LIMITED);
        assertThat(refused.toRpcError().data().path("retryAfterSeconds").asLong()).isEqualTo(1);
        assertThat(counters.count(LimitCounters.Limit.SESSION_RATE)).isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(send(PolicyCalls.request("a", "ping")).join().isError()).isFalse();
    }

    @Test
    void oneSessionsFloodDoesNotTouchAnotherSessionsBucket() {
        for (int i = 0; i < 10; i++) {
            send(PolicyCalls.request("flood", "ping"));
        }
        assertThat(send(PolicyCalls.request("calm", "ping")).join().isError()).isFalse();
    }

    @Test
    void limitsEachToolOnItsOwnWithinASession() {
        assertThat(send(PolicyCalls.toolCall("a", "srv__x", "{}")).join().isError()).isFalse();
        assertThat(send(PolicyCalls.toolCall("a", "srv__x", "{}")).join().isError()).isFalse();
        assertThat(refusal(send(PolicyCalls.toolCall("a", "srv__x", "{}"))).getMessage())
                .contains("calls of srv__x");
        assertThat(send(PolicyCalls.toolCall("a", "srv__y", "{}")).join().isError()).isFalse();
        assertThat(counters.count(LimitCounters.Limit.TOOL_RATE)).isEqualTo(1);
    }

    @Test
    void forgetsAnEndedSessionsBuckets() {
        for (int i = 0; i < 4; i++) {
            send(PolicyCalls.request("a", "ping"));
        }
        policy.forget("a");
        assertThat(send(PolicyCalls.request("a", "ping")).join().isError()).isFalse();
    }
}
