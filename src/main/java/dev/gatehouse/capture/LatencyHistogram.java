package dev.gatehouse.capture;

/**
 * Durations in log-linear buckets: exact below 64 µs, then 64 buckets per power of two, so a percentile is
 * within 1.6% of a recorded value. The buckets grow only as far as the longest duration seen (4 KiB for calls
 * under 10 ms, 30 KiB at most), whatever the number of calls.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;

    private static final int MAX_BUCKETS = (64 - SUB_BITS + 1) * SUB;

    private long[] counts = new long[SUB];
    private long total;

    void record(long micros) {
        int index = index(Math.max(0, micros));
        if (index >= counts.length) {
            counts = java.util.Arrays.copyOf(counts, Math.min(MAX_BUCKETS, Math.max(index + 1, counts.length * 2)));
        }
        counts[index]++;
        total++;
    }

    /** The value at percentile {@code p} (0..100), 0 when nothing was recorded. */
    long percentile(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return representative(i);
            }
        }
        return representative(counts.length - 1);
    }

    static int index(long value) {
        if (value < SUB) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB - 1);
        return (exponent - SUB_BITS + 1) * SUB + sub;
    }

    /** The middle of bucket {@code index}. */
    static long representative(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = index / SUB + SUB_BITS - 1;
        long low = (1L << exponent) | ((long) (index % SUB) << (exponent - SUB_BITS));
        return low + (1L << (exponent - SUB_BITS)) / 2;
    }
}
