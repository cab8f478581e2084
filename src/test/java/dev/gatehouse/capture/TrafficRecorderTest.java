package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TrafficRecorderTest {

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);

    @TempDir
    Path home;
    private final SteppingClock clock = new SteppingClock(START);
    private GatedStore store;
    private TrafficRecorder recorder;

    private TrafficRecorder start(int queueCapacity, Duration maxAge, long maxBytes) throws Exception {
        store = new GatedStore(SqliteTrafficStore.open(HomeLayout.at(home).ensurePrivateFile("traffic.db"), 0));
        recorder = new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, CODEC.mapper()), CODEC,
                new RecorderOptions(queueCapacity, 4096, maxAge, maxBytes, Duration.ofMinutes(1),
                        Duration.ofSeconds(30)), clock);
        return recorder;
    }

    private TrafficRecorder start() throws Exception {
        return start(1024, Duration.ofDays(30), 512L << 20);
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close();
        }
    }

    private static long micros(Instant at) {
        return TrafficQueries.micros(at);
    }

    private void awaitRecorded(long count) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().recorded() >= count);
    }

    @Test
    void recordsWhatIsOfferedAndReadsItBack() throws Exception {
        start();
        for (int i = 0; i < 100; i++) {
            assertThat(recorder.offer(Events.toolCall("github", "create_issue", micros(START) + i))).isTrue();
        }
        awaitRecorded(100);
        assertThat(recorder.log().search(TrafficQuery.latest().withLimit(1000))).hasSize(100);
        ExchangeDetail detail = recorder.log().exchange(1).orElseThrow();
        assertThat(detail.summary().rpcId()).isEqualTo("7");
        assertThat(detail.summary().target()).isEqualTo("create_issue");
        assertThat(detail.summary().session()).isEqualTo(SessionHandles.of("0123456789abcdef0123456789abcdef"));
        assertThat(detail.summary().durationMicros()).isEqualTo(1234);
        assertThat(detail.summary().requestBytes()).isEqualTo(detail.requestBody().length());
        assertThat(detail.requestHeaders()).contains("\"Authorization\":[\"[redacted]\"]").doesNotContain("abc");
        assertThat(detail.responseHeaders()).isEqualTo("{\"Content-Type\":[\"application/json\"],"
                + "\"Set-Cookie\":[\"[redacted]\"]}");
        assertThat(recorder.state().status()).isEqualTo("recording");
        assertThat(recorder.lastExchangeId()).isEqualTo(100);
        assertThat(recorder.storedBytes()).isPositive();
    }

    @Test
    void dropsAndCountsWhatDoesNotFitInTheQueueWithoutBlocking() throws Exception {
        start(64, Duration.ofDays(30), 512L << 20);
        store.hold();
        recorder.offer(Events.toolCall("github", "first", micros(START)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> store.holding() && recorder.state().queued() == 0);
        long began = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            accepted += recorder.offer(Events.toolCall("github", "t", micros(START))) ? 1 : 0;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
        assertThat(accepted).isEqualTo(64);
        assertThat(recorder.state().dropped()).isEqualTo(136);
        store.release();
        awaitRecorded(65);
        assertThat(recorder.log().search(TrafficQuery.latest().withLimit(1000))).hasSize(65);
    }

    @Test
    void stopsWithAClearReasonWhenTheStoreRefusesWritesAndResumesAfterThePause() throws Exception {
        start();
        store.readOnly(true);
        recorder.offer(Events.toolCall("github", "lost", micros(START)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.state().status().equals("failed"));
        assertThat(recorder.state().reason()).isEqualTo("recording failed: the database is read-only");
        assertThat(recorder.state().lost()).isEqualTo(1);
        assertThat(recorder.offer(Events.toolCall("github", "refused", micros(START)))).isFalse();
        assertThat(recorder.state().dropped()).isEqualTo(1);

        store.readOnly(false);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.offer(Events.toolCall("github", "kept",
                micros(START))));
        awaitRecorded(1);
        assertThat(recorder.state().status()).isEqualTo("recording");
        assertThat(recorder.state().reason()).isNull();
        assertThat(recorder.log().search(TrafficQuery.latest())).extracting(ExchangeSummary::target)
                .containsExactly("kept");
    }

    @Test
    void staysFailedAfterThePauseWhileTheStoreStillRefuses() throws Exception {
        start();
        store.readOnly(true);
        recorder.offer(Events.toolCall("github", "lost", micros(START)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.state().lost() == 1);

        clock.advance(Duration.ofSeconds(31));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.offer(Events.toolCall("github", "lost again",
                micros(START))));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.state().lost() == 2);

        assertThat(recorder.state().status()).isEqualTo("failed");
        assertThat(recorder.state().reason()).isEqualTo("recording failed: the database is read-only");
        assertThat(recorder.offer(Events.toolCall("github", "refused", micros(START)))).isFalse();
    }

    @Test
    void triesAgainAtOnceAfterAClearWhichMayHaveMadeRoom() throws Exception {
        start();
        store.readOnly(true);
        recorder.offer(Events.toolCall("github", "lost", micros(START)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.state().status().equals("failed"));
        store.readOnly(false);

        recorder.clear(null, null).get(10, TimeUnit.SECONDS);

        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.offer(Events.toolCall("github", "kept",
                micros(START))));
        awaitRecorded(1);
        assertThat(recorder.state().status()).isEqualTo("recording");
    }

    @Test
    void deletesRecordsOlderThanTheMaximumAgeInTheBackground() throws Exception {
        start(1024, Duration.ofDays(1), 512L << 20);
        recorder.offer(Events.toolCall("github", "old", micros(START)));
        recorder.offer(Events.toolCall("github", "new", micros(START.plus(Duration.ofHours(20)))));
        awaitRecorded(2);
        clock.advance(Duration.ofHours(25));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.log().search(TrafficQuery.latest()).size() == 1);
        assertThat(recorder.log().search(TrafficQuery.latest()).getFirst().target()).isEqualTo("new");
    }

    @Test
    void deletesTheOldestRecordsWhenTheyOutgrowTheMaximumSize() throws Exception {
        start(4096, Duration.ofDays(30), 1L << 20);
        var arguments = Events.JSON.createObjectNode().put("text", "y".repeat(3000));
        for (int i = 0; i < 1000; i++) {
            recorder.offer(Events.toolCall("github", "t" + i, micros(START) + i, arguments, "ok"));
        }
        awaitRecorded(1000);
        assertThat(store.usedBytes()).isGreaterThan(1L << 20);
        clock.advance(Duration.ofMinutes(2));
        await().atMost(10, TimeUnit.SECONDS).until(() -> store.usedBytes() <= 1L << 20);
        List<ExchangeSummary> left = recorder.log().search(TrafficQuery.latest().withLimit(1000));
        assertThat(left).isNotEmpty().hasSizeLessThan(1000);
        assertThat(left.getFirst().target()).isEqualTo("t999");
    }

    @Test
    void clearsByServerAndTimeOnTheWriterThread() throws Exception {
        start();
        recorder.offer(Events.toolCall("github", "a", micros(START)));
        recorder.offer(Events.toolCall("files", "b", micros(START)));
        recorder.offer(Events.toolCall("github", "c", micros(START.plus(Duration.ofHours(2)))));
        awaitRecorded(3);
        assertThat(recorder.clear(START.plus(Duration.ofHours(1)), "github").get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(recorder.log().search(TrafficQuery.latest())).extracting(ExchangeSummary::target)
                .containsExactly("c", "b");
        assertThat(recorder.clear(null, null).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(recorder.log().search(TrafficQuery.latest())).isEmpty();
    }

    @Test
    void wakesFollowersWhenNewExchangesAreStored() throws Exception {
        start();
        long before = recorder.lastExchangeId();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.offer(Events.toolCall("github", "a", micros(START)));
        });
        long began = System.nanoTime();
        assertThat(recorder.awaitExchangesAfter(before, Duration.ofSeconds(10))).isEqualTo(before + 1);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(recorder.awaitExchangesAfter(before + 1, Duration.ofMillis(50))).isEqualTo(before + 1);
    }

    @Test
    void writesWhatIsQueuedWhenClosed() throws Exception {
        start();
        store.hold();
        for (int i = 0; i < 50; i++) {
            recorder.offer(Events.toolCall("github", "t", micros(START)));
        }
        store.release();
        recorder.close();
        TrafficStore reopened = SqliteTrafficStore.open(home.resolve("traffic.db"), 0);
        try {
            assertThat(reopened.exchangeCount()).isEqualTo(50);
        } finally {
            reopened.close();
            recorder = null;
        }
    }
}
