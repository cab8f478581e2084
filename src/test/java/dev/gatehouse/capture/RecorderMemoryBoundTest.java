package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.TrafficQuery;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's memory bound (the failure of the 09:14 benchmark run, where a count-bounded queue of 64 KiB
 * exchanges outgrew the heap while the writer was busy): with the writer held, large events are taken only up to
 * the byte budget and the rest are dropped and counted at once; and an Error on the writer stops the capture with
 * its reason while offers go on returning at once.
 */
@Timeout(120)
class RecorderMemoryBoundTest {

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);
    private static final long BUDGET = 4L << 20;
    private static final int BODY = 64 * 1024;

    @TempDir
    Path home;
    private final SteppingClock clock = new SteppingClock(START);
    private GatedStore store;
    private TrafficRecorder recorder;

    private void start() throws Exception {
        store = new GatedStore(SqliteTrafficStore.open(HomeLayout.at(home).ensurePrivateFile("traffic.db"), 0));
        recorder = new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, CODEC.mapper()), CODEC,
                new RecorderOptions(8192, 4096, Duration.ofDays(30), 512L << 20, Duration.ofMinutes(1),
                        Duration.ofSeconds(30), BUDGET), clock);
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close();
        }
    }

    /** A 64 KiB answer of its own (a fresh string each time, so that what the queue keeps is really kept). */
    private static TrafficEvent.Exchange largeCall(int i) {
        String text = (char) ('a' + i % 26) + "x".repeat(BODY - 1);
        return Events.toolCall("github", "t" + i, TrafficQueries.micros(START) + i,
                Events.JSON.createObjectNode().put("n", i), text);
    }

    private void holdTheWriter() {
        store.hold();
        recorder.offer(Events.toolCall("github", "first", TrafficQueries.micros(START)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> store.holding() && recorder.state().queued() == 0);
    }

    private static long usedHeapAfterCollection(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void keepsLargeEventsOnlyUpToItsByteBudgetWhileTheStoreIsStalledAndCountsTheRestAsDropped() throws Exception {
        start();
        holdTheWriter();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterCollection(memory);

        int offered = 4000; // 250 MiB of answers: over six times the queue's memory bound, had it only a count
        int accepted = 0;
        long slowest = 0;
        for (int i = 0; i < offered; i++) {
            TrafficEvent.Exchange event = largeCall(i);
            long began = System.nanoTime();
            accepted += recorder.offer(event) ? 1 : 0;
            slowest = Math.max(slowest, System.nanoTime() - began);
        }
        long heapAfter = usedHeapAfterCollection(memory);

        assertThat(Duration.ofNanos(slowest)).as("the slowest offer").isLessThan(Duration.ofMillis(500));
        assertThat(recorder.queuedBytes()).isPositive().isLessThanOrEqualTo(BUDGET);
        assertThat((long) accepted * BODY).isLessThanOrEqualTo(BUDGET);
        assertThat(accepted).isGreaterThan(40);
        assertThat(recorder.state().dropped()).isEqualTo(offered - accepted);
        assertThat(recorder.state().queued()).isEqualTo(accepted);
        // What stayed in the heap is the queue's worth, not the 250 MiB offered (generous slack for the rest).
        assertThat(heapAfter - heapBefore).as("heap kept").isLessThan(BUDGET + (24L << 20));

        store.release();
        int taken = accepted + 1;
        await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.state().recorded() == taken);
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.queuedBytes() == 0);
        assertThat(recorder.log().search(TrafficQuery.latest().withLimit(10_000))).hasSize(taken);
        assertThat(recorder.offer(largeCall(0))).isTrue();
    }

    @Test
    void stopsForGoodWithItsReasonAndLetsGoOfTheQueueWhenTheWriterThrowsAnError() throws Exception {
        start();
        holdTheWriter();
        for (int i = 0; i < 20; i++) {
            recorder.offer(largeCall(i));
        }
        store.failWith(new OutOfMemoryError("Java heap space (injected)"));
        store.release();

        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().status().equals("failed"));
        CaptureState state = recorder.state();
        assertThat(state.reason()).isEqualTo("the capture writer failed (OutOfMemoryError); traffic flows "
                + "unrecorded until the gateway restarts");
        assertThat(state.lost()).isEqualTo(21);
        assertThat(state.queued()).isZero();
        assertThat(recorder.queuedBytes()).isZero();

        long began = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(recorder.offer(largeCall(i))).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(recorder.state().dropped()).isEqualTo(1000);

        clock.advance(Duration.ofMinutes(5));
        assertThat(recorder.clear(null, null)).failsWithin(5, TimeUnit.SECONDS);
        assertThat(recorder.state().status()).isEqualTo("failed");
    }
}
