package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

@Timeout(60)
class ExportAndFollowTest {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);
    private static final long NOW = TrafficQueries.micros(Instant.now());

    @TempDir
    Path home;
    private TrafficRecorder recorder;

    @BeforeEach
    void start() throws Exception {
        SqliteTrafficStore store = SqliteTrafficStore.open(HomeLayout.at(home).ensurePrivateFile("traffic.db"), 0);
        recorder = new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, CODEC.mapper()), CODEC,
                new RecorderOptions(2048, 4096, Duration.ofDays(30), 512L << 20, Duration.ofMinutes(1),
                        Duration.ofSeconds(30)), InstantSource.system());
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    private void recordAndWait(int count, String server) {
        long target = recorder.state().recorded() + count;
        for (int i = 0; i < count; i++) {
            recorder.offer(Events.toolCall(server, "t" + i, NOW + i));
        }
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.state().recorded() >= target);
    }

    @Test
    void exportsEveryMatchOldestFirstAsOneJsonObjectPerLineAcrossPages() throws Exception {
        recordAndWait(1200, "github");
        recordAndWait(3, "files");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = new TrafficExport(recorder, CODEC.mapper()).write(TrafficQuery.latest().withServer("github"), out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(written).isEqualTo(1200);
        assertThat(lines).hasSize(1200);
        JsonNode first = CODEC.mapper().readTree(lines.getFirst());
        assertThat(first.path("id").asLong()).isEqualTo(1);
        assertThat(first.path("tool").asString()).isEqualTo("t0");
        assertThat(first.path("request").path("params").path("name").asString()).isEqualTo("t0");
        assertThat(first.path("requestHeaders").path("Authorization").get(0).asString()).isEqualTo("[redacted]");
        assertThat(CODEC.mapper().readTree(lines.getLast()).path("id").asLong()).isEqualTo(1200);
    }

    @Test
    void followsNewMatchingExchangesAsTheyAreStoredAndStopsWhenTheSinkSaysSo() throws Exception {
        recordAndWait(5, "github");
        List<ExchangeSummary> seen = new CopyOnWriteArrayList<>();
        AtomicInteger heartbeats = new AtomicInteger();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                new TrafficFollower(recorder, Duration.ofMillis(200)).follow(
                        TrafficQuery.latest().withServer("github"), null, page -> {
                            if (page.isEmpty()) {
                                heartbeats.incrementAndGet();
                            }
                            seen.addAll(page);
                            return seen.size() < 700;
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> heartbeats.get() >= 1);
        recordAndWait(3, "files");
        recordAndWait(700, "github");
        follower.join(Duration.ofSeconds(10));
        assertThat(follower.isAlive()).isFalse();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(700).allMatch(s -> s.server().equals("github"));
        assertThat(seen.getFirst().id()).isEqualTo(6 + 3);
        assertThat(seen).extracting(ExchangeSummary::id).isSorted().doesNotHaveDuplicates();
    }
}
