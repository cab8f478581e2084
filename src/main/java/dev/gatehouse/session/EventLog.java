package dev.gatehouse.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Names a session's SSE streams and keeps the recent events of its GET streams, so a client whose connection
 * dropped can resume with {@code Last-Event-ID}. Event ids are {@code <stream>-<seq>}: unique within the session
 * and naming their stream, so a resume replays only that stream. Stream names start with {@code r} for a
 * request's response stream (replayed from the request's own {@link ExchangeChannel}) and {@code g} for a GET
 * stream (replayed from this log). Bounded by count and bytes; the oldest events are forgotten first.
 */
public final class EventLog {

    /** One event as it was sent. */
    public record Event(String stream, long seq, byte[] json) {
        public String id() {
            return stream + "-" + seq;
        }
    }

    /** A position in a stream, parsed from a {@code Last-Event-ID} header. */
    public record Position(String stream, long seq) {
        public static Optional<Position> parse(String eventId) {
            if (eventId == null || !eventId.matches("[rg][0-9]{1,18}-[0-9]{1,18}")) {
                return Optional.empty();
            }
            int dash = eventId.indexOf('-');
            return Optional.of(new Position(eventId.substring(0, dash), Long.parseLong(eventId.substring(dash + 1))));
        }

        public boolean isRequestStream() {
            return stream.charAt(0) == REQUEST;
        }
    }

    public static final char REQUEST = 'r';
    public static final char GET = 'g';

    private final int maxEvents;
    private final long maxBytes;
    private final Deque<Event> events = new ArrayDeque<>();
    private long bytes;
    private long nextStream = 1;

    public EventLog(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** A fresh stream name: {@link #REQUEST} for a request's SSE response, {@link #GET} for a GET stream. */
    public synchronized String newStream(char kind) {
        return String.valueOf(kind) + nextStream++;
    }

    /** Records event {@code seq} of {@code stream}; callers number each stream's events from 1. */
    public synchronized Event append(String stream, long seq, byte[] json) {
        Event event = new Event(stream, seq, json);
        events.addLast(event);
        bytes += json.length;
        while (events.size() > maxEvents || bytes > maxBytes) {
            bytes -= events.removeFirst().json().length;
        }
        return event;
    }

    /** The events of that stream after that position, oldest first, as far as they are still kept. */
    public synchronized List<Event> after(Position position) {
        List<Event> replay = new ArrayList<>();
        for (Event event : events) {
            if (event.stream().equals(position.stream()) && event.seq() > position.seq()) {
                replay.add(event);
            }
        }
        return replay;
    }

    /** Whether {@code stream} was issued by this log (a made-up Last-Event-ID is not). */
    public synchronized boolean issued(String stream) {
        long number = Long.parseLong(stream.substring(1));
        return number > 0 && number < nextStream;
    }
}
