package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.TrafficQuery;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large deletion by retention, on a real SQLite file, while traffic is recorded: the deletion and the compaction
 * after it run in many short steps, and batches keep committing between them, so the writer never goes long
 * without draining the queue (the 09:14 benchmark run's writer stalled in one long deletion and compaction).
 */
@Timeout(300)
class RetentionInStepsTest {

    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");
    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);
    private static final int OLD_EXCHANGES = 24_000;
    /** Five times the batch interval: generous for a loaded machine, far below one long deletion. */
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    @TempDir
    Path home;

    private static void fillWithOldExchanges(TrafficStore store) throws CaptureStoreException {
        long old = TrafficQueries.micros(NOW.minus(Duration.ofDays(40)));
        String body = "{\"text\":\"" + "o".repeat(4000) + "\"}";
        for (int batch = 0; batch < OLD_EXCHANGES / 1000; batch++) {
            List<TrafficRow> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rows.add(Rows.exchange("github", "tools/call", "old", old + batch * 1000L + i, "ok", null, body));
            }
            store.append(rows, old);
        }
    }

    @Test
    void keepsCommittingBatchesWhileALargeDeletionAndItsCompactionRun() throws Exception {
        Path file = HomeLayout.at(home).ensurePrivateFile("traffic.db");
        SqliteTrafficStore real = SqliteTrafficStore.open(file, 0);
        fillWithOldExchanges(real);
        GatedStore store = new GatedStore(real);
        AtomicBoolean offering = new AtomicBoolean(true);
        try (TrafficRecorder recorder = new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, CODEC.mapper()),
                CODEC, new RecorderOptions(8192, 4096, Duration.ofDays(30), 512L << 20, Duration.ofMinutes(1),
                        Duration.ofSeconds(30)), new SteppingClock(NOW))) {
            Thread traffic = Thread.ofPlatform().start(() -> {
                long at = TrafficQueries.micros(NOW);
                while (offering.get()) {
                    recorder.offer(Events.toolCall("files", "new", at++));
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            // Retention is due at once; it is done when the old exchanges are gone and the free pages given back.
            await().atMost(240, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    recorder.log().search(TrafficQuery.latest().withTool("old")).isEmpty()
                            && freePages(file) == 0);
            offering.set(false);
            traffic.join(5000);

            List<Long> maintenance = store.maintenanceTimes();
            long began = maintenance.getFirst();
            long ended = maintenance.getLast();
            List<Long> commits = store.appendTimes();
            long longestPause = 0;
            int commitsDuring = 0;
            for (int i = 1; i < commits.size(); i++) {
                long before = commits.get(i - 1);
                long after = commits.get(i);
                if (after > began && before < ended) {
                    longestPause = Math.max(longestPause, after - before);
                }
                if (after > began && after < ended) {
                    commitsDuring++;
                }
            }
            Duration took = Duration.ofNanos(ended - began);
            assertThat(maintenance).as("deletion and compaction steps").hasSizeGreaterThan(10);
            assertThat(commitsDuring).as("batches committed during the %s the deletion took", took)
                    .isGreaterThanOrEqualTo((int) Math.min(5, took.toMillis() / 400));
            assertThat(Duration.ofNanos(longestPause)).as("longest pause between commits, deletion took %s", took)
                    .isLessThan(LONGEST_PAUSE);
            assertThat(recorder.state().dropped()).isZero();
            assertThat(recorder.log().search(TrafficQuery.latest().withTool("new"))).isNotEmpty();
        }
    }

    private static long freePages(Path file) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return SqliteTrafficStore.single(connection, "PRAGMA freelist_count");
        }
    }
}
