package dev.gatehouse.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.GatewayFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The timeout of a call in flight, restarted with a new length while it waits. */
@Timeout(30)
class PendingCallsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> cancelsSent = new CopyOnWriteArrayList<>();
    private final PendingCalls calls = new PendingCalls("slow", 8, scheduler, Runnable::run,
            (id, reason) -> cancelsSent.add(id + ": " + reason));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aRestartedTimeoutOutlivesTheOriginalOneAndFailsWithItsNewLength() throws Exception {
        PendingCalls.Call call = calls.register(1, "tasks/result", null, Duration.ofMillis(200));
        call.restartTimeout(Duration.ofSeconds(2));
        Thread.sleep(600);
        assertThat(call.response()).isNotDone();

        assertThatThrownBy(() -> call.response().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GatewayFailure.UpstreamTimeout.class).hasMessageContaining("2000 ms");
        assertThat(cancelsSent).containsExactly("1: timed out after 2000 ms");
    }

    @Test
    void progressRestartsTheTimeoutWithItsNewLength() throws Exception {
        JsonNode token = JsonNodeFactory.instance.stringNode("p3");
        PendingCalls.Call call = calls.register(3, "tasks/result", token, Duration.ofMillis(200));
        call.restartTimeout(Duration.ofSeconds(3));
        Thread.sleep(2_000);
        calls.onProgress(token);
        Thread.sleep(2_000);
        assertThat(call.response()).as("progress restarted the 3 s timeout").isNotDone();

        assertThatThrownBy(() -> call.response().get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(GatewayFailure.UpstreamTimeout.class).hasMessageContaining("3000 ms");
    }

    @Test
    void aRestartedTimeoutCanAlsoBeShorter() {
        PendingCalls.Call call = calls.register(2, "tasks/result", null, Duration.ofMinutes(5));
        call.restartTimeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> call.response().get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(GatewayFailure.UpstreamTimeout.class);
        assertThat(calls.size()).isZero();
    }
}
