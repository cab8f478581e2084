package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.PendingCall;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** How long a legacy {@code tasks/result} waits: its task's ttl, the configured maximum, the call timeout. */
class TaskResultWaitsTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final TaskResultWaits waits = new TaskResultWaits(() -> Instant.ofEpochMilli(millis.get()),
            Duration.ofMinutes(10));

    /** A call that notes how its timeout was restarted. */
    private static final class RecordingCall implements PendingCall {
        final CompletableFuture<Message.Response> response = new CompletableFuture<>();
        final List<Duration> restarts = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Message.Response> response() {
            return response;
        }

        @Override
        public void cancel(String reason) {
            response.cancel(false);
        }

        @Override
        public void restartTimeout(Duration timeout) {
            restarts.add(timeout);
        }
    }

    private static ObjectNode task(String id, String status, Long ttl) {
        ObjectNode task = JsonNodeFactory.instance.objectNode().put("taskId", id).put("status", status)
                .put("pollInterval", 200);
        if (ttl == null) {
            task.putNull("ttl");
        } else {
            task.put("ttl", ttl);
        }
        return task;
    }

    @Test
    void aResultWaitsForTheRestOfItsTasksTtlRatherThanTheCallTimeout() {
        waits.created("legacy", "t1", task("t1", "working", 300_000L));
        assertThat(waits.window("legacy", "t1", CALL_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));

        millis.addAndGet(100_000);
        assertThat(waits.window("legacy", "t1", CALL_TIMEOUT)).isEqualTo(Duration.ofSeconds(200));
    }

    @Test
    void theConfiguredMaximumBoundsAnUnlimitedOrLongerTask() {
        waits.created("legacy", "unlimited", task("unlimited", "working", null));
        waits.created("legacy", "long", task("long", "working", Duration.ofHours(5).toMillis()));
        assertThat(waits.window("legacy", "unlimited", CALL_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(waits.window("legacy", "long", CALL_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(waits.window("legacy", "never-seen", CALL_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aResultNeverWaitsLessThanTheCallTimeoutEvenPastItsTasksTtl() {
        waits.created("legacy", "short", task("short", "working", 5_000L));
        assertThat(waits.window("legacy", "short", CALL_TIMEOUT)).isEqualTo(CALL_TIMEOUT);
        millis.addAndGet(60_000);
        assertThat(waits.window("legacy", "short", CALL_TIMEOUT)).isEqualTo(CALL_TIMEOUT);
    }

    @Test
    void aStatusRestartsTheWaitOfTheHeldResultsUnderTheTtlItCarries() {
        waits.created("legacy", "t1", task("t1", "working", null));
        RecordingCall held = new RecordingCall();
        RecordingCall otherTask = new RecordingCall();
        waits.hold("legacy", "t1", held, CALL_TIMEOUT);
        waits.hold("legacy", "t2", otherTask, CALL_TIMEOUT);

        millis.addAndGet(60_000);
        waits.announced("legacy", task("t1", "input_required", null));
        waits.announced("legacy", task("t1", "working", 240_000L));
        assertThat(held.restarts).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(3));
        assertThat(otherTask.restarts).isEmpty();
        assertThat(waits.window("legacy", "t1", CALL_TIMEOUT)).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aStatusThatEndsTheTaskLeavesTheServerItsCallTimeoutToAnswer() {
        waits.created("legacy", "t1", task("t1", "working", 300_000L));
        RecordingCall held = new RecordingCall();
        waits.hold("legacy", "t1", held, CALL_TIMEOUT);

        waits.announced("legacy", task("t1", "completed", 300_000L));
        assertThat(held.restarts).containsExactly(CALL_TIMEOUT);
        assertThat(waits.window("legacy", "t1", CALL_TIMEOUT)).isEqualTo(CALL_TIMEOUT);
    }

    @Test
    void aStatusThatOvertookTheCreationIsKept() {
        waits.announced("legacy", task("t1", "failed", 300_000L));
        waits.created("legacy", "t1", task("t1", "working", 300_000L));
        assertThat(waits.window("legacy", "t1", CALL_TIMEOUT)).isEqualTo(CALL_TIMEOUT);
    }

    @Test
    void anAnsweredResultIsNoLongerHeld() {
        RecordingCall held = new RecordingCall();
        waits.hold("legacy", "t1", held, CALL_TIMEOUT);
        held.response.complete(Message.Response.success(RequestId.of(1), JsonNodeFactory.instance.objectNode()));

        waits.announced("legacy", task("t1", "working", null));
        assertThat(held.restarts).isEmpty();
        assertThat(waits.heldCount()).isZero();
    }
}
