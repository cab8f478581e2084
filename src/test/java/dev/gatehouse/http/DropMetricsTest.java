package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages the gateway drops at a bound show in its Prometheus scrape, next to the other gatehouse_* metrics. */
@Timeout(30)
class DropMetricsTest {

    private static double value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + scrape));
    }

    @Test
    void dropsFromAFullStreamQueueAreCountedForAllSessionsAndOutliveTheSession() {
        try (BareGateway bare = new BareGateway()) {
            Session reader = bare.gateway.sessions().create("/mcp", "2025-11-25", null, null);
            Session neverReads = bare.gateway.sessions().create("/mcp", "2025-11-25", null, null);
            reader.outbound().offer(new Message.Notification("notifications/tools/list_changed", null));
            int extra = 7;
            for (int i = 0; i < 1024 + extra; i++) {
                neverReads.outbound().offer(new Message.Notification("notifications/tools/list_changed", null));
            }
            assertThat(neverReads.outbound().dropped()).isEqualTo(extra);
            assertThat(value(bare.gateway.metrics().scrape(), "gatehouse_session_outbound_dropped_total"))
                    .isEqualTo(extra);

            bare.gateway.sessions().end(neverReads.id());
            assertThat(value(bare.gateway.metrics().scrape(), "gatehouse_session_outbound_dropped_total"))
                    .isEqualTo(extra);
        }
    }

    @Test
    void messagesDroppedWhileWaitingForTheirTasksCreationHaveASeriesPerReason() {
        try (BareGateway bare = new BareGateway()) {
            String scrape = bare.gateway.metrics().scrape();
            assertThat(value(scrape, "gatehouse_task_messages_dropped_total{reason=\"waited_too_long\"}")).isZero();
            assertThat(value(scrape, "gatehouse_task_messages_dropped_total{reason=\"too_many_waiting\"}")).isZero();
        }
    }
}
