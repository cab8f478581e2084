package dev.gatehouse;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the heap that a burst of traffic grew back to the operating system once the gateway has gone quiet.
 *
 * <p>Why: under load the serial collector promotes in-flight requests and capture rows that outlive a young
 * collection, and it makes room for them by growing the old generation towards {@code -Xmx} rather than by
 * collecting it; it shrinks the old generation only after a full collection, which steady traffic rarely
 * triggers. So after a burst the gateway kept its peak heap, nearly all garbage, resident for good (about 260 MB
 * of heap for 29 MB of live data after the benchmark's 64 KiB cells, docs/performance.md).
 *
 * <p>How: every {@link #PERIOD} it reads the collectors' counts. When no collection at all ran for
 * {@link #QUIET_PERIODS} periods in a row (the gateway allocates next to nothing, so nobody waits on a pause) and
 * the committed heap is more than {@code slack} above the least it has been since the last shrink (at first, its
 * initial size), it asks for one full collection that leaves little free ({@link #collectTightly}); with the
 * launcher's {@code -XX:-ShrinkHeapInSteps} that collection gives the rest back at once, instead of in steps over
 * four collections. It asks again only after the heap has grown past what that collection left, so a heap held up
 * by live data costs one collection, not one per period.
 */
final class IdleHeapShrinker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapShrinker.class);
    /** Quiet periods in a row before shrinking: one could be the gap between two young collections of light use. */
    static final int QUIET_PERIODS = 2;
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final long SLACK_BYTES = 16L * 1024 * 1024;
    private static final String MAX_FREE = "MaxHeapFreeRatio";
    private static final String MIN_FREE = "MinHeapFreeRatio";

    private final LongSupplier collections;
    private final LongSupplier committedHeap;
    private final Runnable fullCollection;
    private final long slack;
    private long floor;
    private long lastCollections;
    private int quietPeriods;
    private ScheduledFuture<?> task;

    /**
     * {@code collections} counts every collection so far, {@code committedHeap} is the heap's committed bytes,
     * {@code initialHeap} its initial size, and {@code fullCollection} runs a full collection.
     */
    IdleHeapShrinker(LongSupplier collections, LongSupplier committedHeap, long initialHeap,
                     Runnable fullCollection, long slack) {
        this.collections = collections;
        this.committedHeap = committedHeap;
        this.fullCollection = fullCollection;
        this.slack = slack;
        this.floor = initialHeap;
        this.lastCollections = collections.getAsLong();
    }

    /** Watches this JVM's heap on {@code scheduler} every {@link #PERIOD} until closed. */
    static IdleHeapShrinker start(ScheduledExecutorService scheduler) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        LongSupplier collections = () -> {
            long total = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, collector.getCollectionCount());
            }
            return total;
        };
        LongSupplier committed = () -> memory.getHeapMemoryUsage().getCommitted();
        long initial = memory.getHeapMemoryUsage().getInit(); // -1 where the collector does not define one
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        IdleHeapShrinker shrinker = new IdleHeapShrinker(collections, committed,
                initial >= 0 ? initial : committed.getAsLong(), () -> collectTightly(vm), SLACK_BYTES);
        long millis = PERIOD.toMillis();
        shrinker.task = scheduler.scheduleWithFixedDelay(shrinker::check, millis, millis, TimeUnit.MILLISECONDS);
        return shrinker;
    }

    /**
     * One full collection that leaves no more of the heap free than {@code MinHeapFreeRatio}: the manageable
     * {@code MaxHeapFreeRatio} is lowered to it for this collection only and put back after, so that the full
     * collections a burst itself causes keep the default's slack and do not give back memory that the burst will
     * fault in again (each page costs a fault and zeroing when it is touched anew).
     */
    static void collectTightly(HotSpotDiagnosticMXBean vm) {
        String usual = vm.getVMOption(MAX_FREE).getValue();
        vm.setVMOption(MAX_FREE, vm.getVMOption(MIN_FREE).getValue());
        try {
            System.gc();
        } finally {
            vm.setVMOption(MAX_FREE, usual);
        }
    }

    /** One period: shrinks if the gateway has been quiet and its heap has grown. True if it asked for a collection. */
    synchronized boolean check() {
        long count = collections.getAsLong();
        long committed = committedHeap.getAsLong();
        floor = Math.min(floor, committed);
        quietPeriods = count == lastCollections ? quietPeriods + 1 : 0;
        lastCollections = count;
        if (quietPeriods < QUIET_PERIODS || committed <= floor + slack) {
            return false;
        }
        fullCollection.run();
        floor = committedHeap.getAsLong();
        lastCollections = collections.getAsLong();
        quietPeriods = 0;
        LOG.debug("quiet with a grown heap: a full collection took it from {} to {} MiB committed",
                committed >> 20, floor >> 20);
        return true;
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
