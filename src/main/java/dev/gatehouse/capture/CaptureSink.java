package dev.gatehouse.capture;

/**
 * Where the request path hands traffic events. {@link #offer} never blocks and never does I/O: an event that
 * cannot be taken is dropped and counted by the sink.
 */
public interface CaptureSink {

    /** Capture switched off: nothing is built or recorded. */
    CaptureSink NONE = new CaptureSink() {
        @Override
        public boolean offer(TrafficEvent event) {
            return false;
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /** Takes the event for recording; false when it was dropped. */
    boolean offer(TrafficEvent event);

    /** False when nothing is recorded at all, so callers can skip building events. */
    default boolean enabled() {
        return true;
    }
}
