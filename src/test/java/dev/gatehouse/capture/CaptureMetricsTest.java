package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CaptureMetricsTest {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);

    @TempDir
    Path home;

    @Test
    void exposesRecordedDroppedAndQueuedInPrometheusText() throws Exception {
        GatedStore store = new GatedStore(SqliteTrafficStore.open(HomeLayout.at(home).ensurePrivateFile("t.db"), 0));
        try (TrafficRecorder recorder = new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, CODEC.mapper()),
                CODEC, new RecorderOptions(64, 1024, Duration.ofDays(1), 1L << 30, Duration.ofMinutes(1),
                        Duration.ofSeconds(30)), InstantSource.system())) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            CaptureMetrics.bind(registry, recorder);
            recorder.offer(Events.toolCall("github", "a", 1));
            await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.state().recorded() == 1);
            store.hold();
            recorder.offer(Events.toolCall("github", "b", 1));
            await().atMost(5, TimeUnit.SECONDS).until(() -> store.holding() && recorder.state().queued() == 0);
            for (int i = 0; i < 70; i++) {
                recorder.offer(Events.toolCall("github", "c", 1));
            }
            String scrape = registry.scrape();
            assertThat(scrape).contains("gatehouse_capture_recorded_total 1.0")
                    .contains("gatehouse_capture_dropped_total 6.0")
                    .contains("gatehouse_capture_queued 64.0")
                    .contains("gatehouse_capture_failing 0.0")
                    .containsPattern("gatehouse_capture_queued_bytes [1-9][0-9]*\\.0");
            store.release();
        }
    }
}
