package dev.gatehouse.capture;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The capture's counters as metrics, read from {@link TrafficRecorder#state} when scraped (nothing is counted
 * twice and the request path does no extra work): records written, dropped because the queue was full or
 * recording had stopped, lost to a failed write, the queue's depth in records and in bytes, and whether recording
 * is failing. A drop is not labelled with its bound (count, bytes, or a stopped capture): the log's warning names
 * both bounds, and the queue gauges show which one is near.
 */
public final class CaptureMetrics {

    private CaptureMetrics() {
    }

    public static void bind(MeterRegistry registry, TrafficRecorder recorder) {
        FunctionCounter.builder("gatehouse.capture.recorded", recorder, r -> r.state().recorded())
                .description("traffic records written to the capture").register(registry);
        FunctionCounter.builder("gatehouse.capture.dropped", recorder, r -> r.state().dropped())
                .description("traffic records dropped because the queue was full or recording had stopped")
                .register(registry);
        FunctionCounter.builder("gatehouse.capture.lost", recorder, r -> r.state().lost())
                .description("traffic records queued but not written because the store failed").register(registry);
        Gauge.builder("gatehouse.capture.queued", recorder, r -> r.state().queued())
                .description("traffic records waiting to be written").register(registry);
        Gauge.builder("gatehouse.capture.queued.bytes", recorder, TrafficRecorder::queuedBytes).baseUnit("bytes")
                .description("what the records waiting to be written weigh; records past the bound "
                        + "([capture] queue_max_mb) are dropped").register(registry);
        Gauge.builder("gatehouse.capture.failing", recorder, r -> r.state().status().equals("failed") ? 1 : 0)
                .description("1 while the capture cannot write (see status for the reason)").register(registry);
    }
}
