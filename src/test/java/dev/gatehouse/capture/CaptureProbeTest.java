package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Once recording has failed, the recorder probes the store every {@link StoreProbe.INTERVAL} (by its
 * clock, which the tests step) and records again by itself as soon as the store has room and accepts a write:
 * no {@code logs clear}, no retention pass and no traffic is needed for {@code status} to say {@code recording}
 * again. The full database is a real one at its SQLite page limit; the refusing one says what a read-only
 * database says.
 */
@Timeout(60)
class CaptureProbeTest {

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);
    private static final long HARD_LIMIT = 512 * 1024;

    @TempDir
    Path home;
    private final SteppingClock clock = new SteppingClock(START);
    private GatedStore store;
    private TrafficRecorder recorder;

    private void start(long hardLimitBytes) throws Exception {
        store = new GatedStore(SqliteTrafficStore.open(HomeLayout.at(home).ensurePrivateFile("traffic.db"),
                hardLimitBytes));
        recorder = new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, CODEC.mapper()), CODEC,
                new RecorderOptions(1024, 4096, Duration.ofDays(30), 512L << 20, Duration.ofDays(1),
                        Duration.ofSeconds(30)), clock);
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

    /** Steps the clock past a probe and waits until the store has been probed once more. */
    private void probeOnce() {
        int before = store.probes();
        clock.advance(StoreProbe.INTERVAL.plusMillis(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> store.probes() > before);
    }

    @Test
    void recordsAgainBySelfOnceTheStoreAcceptsWritesWithoutWaitingForThePauseOrForTraffic() throws Exception {
        start(0);
        store.readOnly(true);
        recorder.offer(Events.toolCall("github", "lost", micros(START)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().status().equals("failed"));

        probeOnce();
        assertThat(recorder.state().status()).as("a probe of a store that still refuses").isEqualTo("failed");
        assertThat(recorder.offer(Events.toolCall("github", "refused", micros(START)))).isFalse();

        store.readOnly(false);
        probeOnce();
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().status().equals("recording"));
        assertThat(recorder.state().reason()).isNull();
        assertThat(recorder.offer(Events.toolCall("github", "kept", micros(START)))).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().recorded() == 1);
    }

    @Test
    void aDatabaseAtItsSizeLimitRecordsAgainOnceRoomCameBackAndNotBefore() throws Exception {
        start(HARD_LIMIT);
        ObjectNode arguments = Events.JSON.createObjectNode().put("text", "y".repeat(3000));
        int offered = 0;
        while (!recorder.state().status().equals("failed")) {
            assertThat(offered).as("the database fills up within its limit").isLessThan(2000);
            long before = recorder.state().recorded() + recorder.state().lost();
            for (int i = 0; i < 10; i++) {
                recorder.offer(Events.toolCall("github", "t" + offered++, micros(START), arguments, "ok"));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().recorded() + recorder.state().lost()
                    >= before + 10);
        }
        assertThat(recorder.state().reason())
                .isEqualTo("recording failed: the disk is full or the database reached its size limit");

        probeOnce();
        probeOnce();
        assertThat(recorder.state().status()).as("still no room for a batch").isEqualTo("failed");

        // Room comes back the way another process would make it: rows deleted from the same file.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("traffic.db"));
             Statement statement = other.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute("DELETE FROM exchange_bodies WHERE exchange_id % 4 <> 0");
            statement.execute("DELETE FROM exchanges WHERE id % 4 <> 0");
        }
        probeOnce();
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().status().equals("recording"));

        long recorded = recorder.state().recorded();
        assertThat(recorder.offer(Events.toolCall("github", "after room came back", micros(START)))).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().recorded() == recorded + 1);
        assertThat(recorder.state().status()).isEqualTo("recording");
    }
}
