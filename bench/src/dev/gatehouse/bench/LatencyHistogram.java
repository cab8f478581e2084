package dev.gatehouse.bench;

/**
 * Latencies in nanoseconds, counted in log-linear buckets as HdrHistogram does: values below 256 exactly, and
 * above that 128 buckets per power of two, so any reported percentile is within 0.4% of a recorded value.
 * Fixed size (about 58 KiB) whatever the run length. Not thread-safe: each worker records into its own and the
 * run {@link #add}s them at the end.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS; // 128
    private static final int LINEAR = 2 * SUB_COUNT; // values below 256 get a bucket each
    private static final int BUCKETS = (63 - SUB_BITS) * SUB_COUNT + LINEAR;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max;

    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    long count() {
        return count;
    }

    long max() {
        return max;
    }

    double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * The value at {@code percentile} (0–100]: the middle of the bucket holding the sample of that rank,
     * clamped to the exact minimum and maximum; 0 when nothing was recorded.
     */
    long percentile(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long low = lowerBound(i);
                long mid = low + (width(i) - 1) / 2;
                return Math.min(max, Math.max(min, mid));
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return shift * SUB_COUNT + (int) (value >>> shift);
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        return (long) (index - shift * SUB_COUNT) << shift;
    }

    private static long width(int index) {
        return index < LINEAR ? 1 : 1L << (index / SUB_COUNT - 1);
    }
}
