package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrafficQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void readsAmountsAgoDatesAndInstants() {
        assertThat(TrafficQuery.parseTime("90s", NOW)).isEqualTo(NOW.minusSeconds(90));
        assertThat(TrafficQuery.parseTime("15m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
        assertThat(TrafficQuery.parseTime(" 1h ", NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(TrafficQuery.parseTime("2d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(2)));
        assertThat(TrafficQuery.parseTime("1w", NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(TrafficQuery.parseTime("2026-11-01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TrafficQuery.parseTime("2026-11-01T10:15:30Z", NOW)).isEqualTo(Instant.parse("2026-11-01T10:15:30Z"));
    }

    @Test
    void refusesAnythingElseSayingWhatWouldDo() {
        for (String bad : new String[] {"", "yesterday", "1y", "-1h", "1.5h", "2026-13-01"}) {
            assertThatThrownBy(() -> TrafficQuery.parseTime(bad, NOW)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15m, 1h, 2d or 1w");
        }
    }

    @Test
    void boundsTheLimit() {
        assertThatThrownBy(() -> TrafficQuery.latest().withLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficQuery.latest().withLimit(TrafficQuery.MAX_LIMIT + 1))
                .hasMessage("limit must be between 1 and 10000, got 10001");
        assertThat(TrafficQuery.latest().withGrep("").grep()).isNull();
    }
}
