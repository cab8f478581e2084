package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.LimitCounters;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NotificationThrottleTest {

    @Test
    void dropsAndCountsAFloodingServersExcessWhileAnotherServerIsUntouched() {
        AtomicLong millis = new AtomicLong(1_000_000);
        LimitCounters counters = new LimitCounters();
        NotificationThrottle throttle = new NotificationThrottle(() -> Instant.ofEpochMilli(millis.get()), counters);
        int admitted = 0;
        for (int i = 0; i < NotificationThrottle.BURST + 500; i++) {
            admitted += throttle.admit("flood") ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(NotificationThrottle.BURST);
        assertThat(counters.count(LimitCounters.Limit.UPSTREAM_NOTIFICATIONS)).isEqualTo(500);
        assertThat(throttle.admit("calm")).isTrue();
        millis.addAndGet(1000);
        for (int i = 0; i < NotificationThrottle.PER_SECOND; i++) {
            assertThat(throttle.admit("flood")).isTrue();
        }
        assertThat(throttle.admit("flood")).isFalse();
    }
}
