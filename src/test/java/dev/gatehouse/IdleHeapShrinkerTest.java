package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IdleHeapShrinkerTest {

    private static final long MIB = 1024 * 1024;
    private static final long SLACK = 16 * MIB;

    /** A heap whose collection count and committed size the test sets; a full collection commits {@code left}. */
    private final AtomicLong collections = new AtomicLong(100);
    private final AtomicLong committed = new AtomicLong(96 * MIB);
    private final AtomicLong left = new AtomicLong(96 * MIB);
    private final AtomicInteger fullCollections = new AtomicInteger();
    private final IdleHeapShrinker shrinker = new IdleHeapShrinker(collections::get, committed::get, 96 * MIB,
            () -> {
                fullCollections.incrementAndGet();
                collections.incrementAndGet();
                committed.set(left.get());
            }, SLACK);

    private void busyPeriod() {
        collections.addAndGet(7);
        assertThat(shrinker.check()).isFalse();
    }

    @Test
    void collectsOnceAfterTwoQuietPeriodsWhenTheHeapHasGrownBeyondItsInitialSizeAndSlack() {
        busyPeriod();
        committed.set(250 * MIB);
        busyPeriod();

        assertThat(shrinker.check()).as("one quiet period may be a gap between young collections").isFalse();
        assertThat(shrinker.check()).isTrue();

        assertThat(fullCollections).hasValue(1);
        assertThat(committed.get()).isEqualTo(96 * MIB);
        for (int i = 0; i < 5; i++) {
            assertThat(shrinker.check()).as("the heap is back at its initial size").isFalse();
        }
        assertThat(fullCollections).hasValue(1);
    }

    @Test
    void neverCollectsWhileYoungCollectionsKeepRunningHoweverLargeTheHeap() {
        committed.set(256 * MIB);
        for (int i = 0; i < 10; i++) {
            busyPeriod();
        }
        assertThat(fullCollections).hasValue(0);
    }

    @Test
    void leavesAHeapThatGrewNoMoreThanTheSlackAlone() {
        committed.set(96 * MIB + SLACK);
        for (int i = 0; i < 5; i++) {
            assertThat(shrinker.check()).isFalse();
        }
        assertThat(fullCollections).hasValue(0);
    }

    @Test
    void asksOnceForAHeapThatLiveDataHoldsUpAndAgainOnlyAfterItGrowsPastWhatThatCollectionLeft() {
        committed.set(250 * MIB);
        left.set(180 * MIB);
        shrinker.check();
        assertThat(shrinker.check()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(shrinker.check()).as("180 MiB is what the live data needs").isFalse();
        }

        committed.set(180 * MIB + SLACK + MIB);
        left.set(100 * MIB);
        busyPeriod();
        shrinker.check();
        assertThat(shrinker.check()).isTrue();
        assertThat(fullCollections).hasValue(2);
    }

    @Test
    void aTightCollectionPutsTheCollectorsSlackBackAfterwards() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String before = vm.getVMOption("MaxHeapFreeRatio").getValue();

        IdleHeapShrinker.collectTightly(vm);

        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(before);
    }

    @Test
    void runsOnTheGivenSchedulerUntilClosed() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            IdleHeapShrinker watching = IdleHeapShrinker.start(scheduler);
            assertThat(scheduler.getQueue()).hasSize(1);

            watching.close();

            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
