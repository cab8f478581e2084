package dev.gatehouse.admin;

import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficJson;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.admin.api.CaptureStatus;
import dev.gatehouse.capture.CaptureState;
import dev.gatehouse.capture.CaptureStoreException;
import dev.gatehouse.capture.RecorderOptions;
import dev.gatehouse.capture.TrafficExport;
import dev.gatehouse.capture.TrafficFollower;
import dev.gatehouse.capture.TrafficHistory;
import dev.gatehouse.capture.TrafficRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The recorded traffic: search, one exchange, statistics, export, following new exchanges, and deleting. Every
 * answer is in {@link TrafficJson}'s shape and was redacted before it was written. Filters arrive as the query
 * parameters of {@link TrafficFilters}; a bad one is a 400 naming it.
 */
public final class TrafficResource {

    /** Followers at once: each holds a request thread and a read connection now and then. */
    static final int MAX_FOLLOWERS = 8;
    private static final Duration CLEAR_TIMEOUT = Duration.ofMinutes(5);

    private final TrafficRecorder recorder;
    private final String offReason;
    private final JsonMapper mapper;
    private final InstantSource clock;
    private final Duration heartbeat;
    private final Semaphore followers = new Semaphore(MAX_FOLLOWERS);

    /**
     * {@code recorder} is null when the gateway records nothing ({@code offReason} says why); every resource but
     * {@link #status} then answers 503. {@code heartbeat} is how often a quiet follow stream checks its client.
     */
    public TrafficResource(TrafficRecorder recorder, String offReason, JsonMapper mapper, InstantSource clock,
                           Duration heartbeat) {
        this.recorder = recorder;
        this.offReason = offReason;
        this.mapper = mapper;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** {@code GET /api/traffic}: newest first; {@code nextBefore} is the {@code before} of the next page. */
    public ObjectNode search(Map<String, String> parameters) {
        TrafficQuery query = TrafficFilters.search(parameters, clock.instant());
        List<ExchangeSummary> found = read(() -> capture().log().search(query));
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode exchanges = answer.putArray("exchanges");
        found.forEach(summary -> TrafficJson.summary(exchanges.addObject(), summary));
        answer.put("count", found.size());
        if (found.size() == query.limit()) {
            answer.put("nextBefore", found.getLast().id());
        } else {
            answer.putNull("nextBefore");
        }
        return answer;
    }

    /** {@code GET /api/traffic/ID}: the exchange with its request and response and their headers. */
    public ObjectNode exchange(String id) {
        long number = TrafficFilters.id("id", id);
        return read(() -> capture().log().exchange(number)).map(detail -> TrafficJson.detail(mapper, detail))
                .orElseThrow(() -> AdminProblem.unknownExchange(number));
    }

    /** {@code GET /api/traffic/stats?since=&server=}: calls, errors, p50 and p99 per server and tool. */
    public ObjectNode stats(Map<String, String> parameters) {
        TrafficFilters.Window window = TrafficFilters.window(parameters, clock.instant());
        return TrafficJson.stats(mapper, read(() -> capture().log().stats(window.since(), window.server())));
    }

    /** {@code GET /api/traffic/sessions?since=&limit=}: client sessions as recorded, newest first. */
    public ObjectNode sessions(Map<String, String> parameters) {
        TrafficFilters.History which = TrafficFilters.history(parameters, false, clock.instant());
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode sessions = answer.putArray("sessions");
        for (TrafficHistory.Session s : read(() -> capture().history().sessions(which.since(), which.limit()))) {
            sessions.addObject().put("id", s.id()).put("clientName", s.clientName())
                    .put("clientVersion", s.clientVersion()).put("protocolVersion", s.protocolVersion())
                    .put("era", s.era()).put("transport", s.transport()).put("endpoint", s.endpoint())
                    .put("startedAt", s.startedAt().toString())
                    .put("endedAt", s.endedAt() == null ? null : s.endedAt().toString());
        }
        return answer;
    }

    /** {@code GET /api/traffic/notifications?server=&since=&limit=}: notifications, newest first. */
    public ObjectNode notifications(Map<String, String> parameters) {
        TrafficFilters.History which = TrafficFilters.history(parameters, true, clock.instant());
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode notifications = answer.putArray("notifications");
        for (TrafficHistory.Notification n : read(() -> capture().history().notifications(which.server(),
                which.since(), which.limit()))) {
            ObjectNode entry = notifications.addObject().put("id", n.id()).put("session", n.session())
                    .put("server", n.server()).put("direction", n.direction()).put("method", n.method())
                    .put("at", n.at().toString()).put("bytes", n.bytes()).put("truncated", n.truncated());
            entry.set("body", TrafficJson.parsed(mapper, n.body()));
        }
        return answer;
    }

    /** {@code GET /api/traffic/events?server=&since=&limit=}: servers' lifecycle events, newest first. */
    public ObjectNode upstreamEvents(Map<String, String> parameters) {
        TrafficFilters.History which = TrafficFilters.history(parameters, true, clock.instant());
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode events = answer.putArray("events");
        for (TrafficHistory.UpstreamEvent e : read(() -> capture().history().upstreamEvents(which.server(),
                which.since(), which.limit()))) {
            events.addObject().put("id", e.id()).put("server", e.server()).put("event", e.event())
                    .put("at", e.at().toString()).put("exitCode", e.exitCode()).put("restarts", e.restarts())
                    .put("detail", e.detail());
        }
        return answer;
    }

    /** Where an export or a follow stream writes, opened only once the filters were accepted. */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws IOException;
    }

    /** {@code GET /api/traffic/export}: every match, oldest first, one JSON object per line; returns how many. */
    public long export(Map<String, String> parameters, Opener<OutputStream> stream) throws IOException {
        TrafficQuery filters = TrafficFilters.export(parameters, clock.instant());
        TrafficRecorder capture = capture();
        try (OutputStream out = stream.open()) {
            return new TrafficExport(capture, mapper).write(filters, out);
        }
    }

    /** Receives a follow stream's exchanges; an empty list is a heartbeat. False ends the stream. */
    public interface FollowSink {
        boolean send(List<ObjectNode> exchanges);
    }

    /**
     * {@code GET /api/traffic/follow}: exchanges matching the filters as they are stored, from after {@code after}
     * (or the {@code Last-Event-ID} the caller passes as {@code lastEventId}), else from now. Blocks until the sink
     * refuses (the client went away), the capture stops or the thread is interrupted. At most
     * {@link #MAX_FOLLOWERS} streams run at once.
     */
    public void follow(Map<String, String> parameters, String lastEventId, Opener<FollowSink> stream)
            throws IOException {
        TrafficFilters.Follow follow = TrafficFilters.follow(parameters, lastEventId, clock.instant());
        TrafficRecorder capture = capture();
        if (!followers.tryAcquire()) {
            throw AdminProblem.tooManyRequests(MAX_FOLLOWERS + " follow streams are open already; end one first");
        }
        try {
            FollowSink sink = stream.open();
            new TrafficFollower(capture, heartbeat).follow(follow.filters(), follow.afterId(), page -> sink.send(
                    page.stream().map(s -> TrafficJson.summary(mapper.createObjectNode(), s)).toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            followers.release();
        }
    }

    /** Follow streams open now. */
    public int following() {
        return MAX_FOLLOWERS - followers.availablePermits();
    }

    /**
     * {@code DELETE /api/traffic?before=&server=}: deletes what was recorded before then (default: everything) for
     * that server (default: all), then compacts the file. Waits for the writer thread to do it.
     */
    public ObjectNode clear(Map<String, String> parameters) {
        TrafficFilters.Window window = TrafficFilters.clear(parameters, clock.instant());
        long deleted;
        try {
            deleted = capture().clear(window.since(), window.server())
                    .get(CLEAR_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminProblem.captureUnavailable("interrupted while deleting");
        } catch (TimeoutException e) {
            throw AdminProblem.captureUnavailable("the deletion did not finish within "
                    + CLEAR_TIMEOUT.toMinutes() + " minutes; it goes on in the background");
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof CaptureStoreException store ? store.getMessage()
                    : "the capture has stopped";
            throw AdminProblem.captureUnavailable(why);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("deleted", deleted);
        answer.put("before", window.since() == null ? null : window.since().toString());
        answer.put("server", window.server());
        return answer;
    }

    /** How the capture is doing, for {@code /api/status}. */
    public CaptureStatus status() {
        if (recorder == null) {
            return CaptureStatus.off(offReason);
        }
        CaptureState state = recorder.state();
        RecorderOptions options = recorder.options();
        Instant lastCommit = state.lastCommit();
        return new CaptureStatus(state.status(), state.reason(), state.recorded(), state.dropped(), state.lost(),
                state.queued(), state.queueCapacity(), lastCommit == null ? null : lastCommit.toString(),
                storedBytes(), options.maxBytes(), options.maxAge().toDays(), options.retryAfter().toSeconds(),
                following());
    }

    /** -1 when even reading fails, which status reports rather than fails on. */
    private long storedBytes() {
        try {
            return recorder.storedBytes();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    /** A read the store could not do is the capture being unavailable, said with the store's reason. */
    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (IllegalStateException e) {
            throw AdminProblem.captureUnavailable(e.getMessage());
        }
    }

    private TrafficRecorder capture() {
        if (recorder == null) {
            throw AdminProblem.captureUnavailable("the traffic capture is off: " + offReason);
        }
        return recorder;
    }
}
