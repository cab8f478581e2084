package dev.gatehouse.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RestartScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 0, Duration.ofSeconds(60));

    @Test
    void delaysDoubleFromTheInitialDelayUpToTheCap() {
        RestartSchedule schedule = new RestartSchedule(POLICY, RandomGenerator.getDefault());

        assertThat(java.util.stream.Stream.generate(schedule::next).limit(10).map(Duration::toMillis))
                .containsExactly(250L, 500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    }

    @Test
    void jitterStaysWithinItsSpread() {
        BackoffPolicy jittery = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.2,
                Duration.ofSeconds(60));
        RestartSchedule schedule = new RestartSchedule(jittery, RandomGenerator.of("L64X128MixRandom"));

        for (int i = 0; i < 100; i++) {
            assertThat(schedule.next().toMillis()).isBetween(800L, 1200L);
        }
    }

    @Test
    void aStartMustWaitUntilTheDelayHasPassed() {
        RestartSchedule schedule = new RestartSchedule(POLICY, RandomGenerator.getDefault());
        assertThat(schedule.remaining(T0)).isZero();

        schedule.startFailed(T0);

        assertThat(schedule.remaining(T0.plusMillis(100))).isEqualTo(Duration.ofMillis(150));
        assertThat(schedule.remaining(T0.plusMillis(300))).isZero();
    }

    @Test
    void aServerThatStayedReadyLongEnoughStartsTheScheduleOver() {
        RestartSchedule schedule = new RestartSchedule(POLICY, RandomGenerator.getDefault());
        schedule.startFailed(T0);
        schedule.startFailed(T0);
        schedule.ready(T0);
        assertThat(schedule.exited(T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));

        schedule.ready(T0.plusSeconds(10));

        assertThat(schedule.exited(T0.plusSeconds(100))).isEqualTo(Duration.ofMillis(250));
    }
}
