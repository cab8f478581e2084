package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void isExactBelow64MicrosecondsAndWithinOnePointSixPercentAbove() {
        for (long value : new long[] {0, 1, 63, 64, 65, 1000, 123_456, 10_000_000_000L, Long.MAX_VALUE / 2}) {
            LatencyHistogram histogram = new LatencyHistogram();
            histogram.record(value);
            long reported = histogram.percentile(50);
            assertThat((double) Math.abs(reported - value)).as("value %d", value).isLessThanOrEqualTo(value / 64.0);
        }
    }

    @Test
    void findsPercentilesByRank() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            histogram.record(i);
        }
        assertThat(histogram.percentile(50)).isBetween(492L, 508L);
        assertThat(histogram.percentile(99)).isBetween(974L, 1006L);
        assertThat(histogram.percentile(100)).isBetween(984L, 1016L);
        assertThat(new LatencyHistogram().percentile(99)).isZero();
    }
}
