package dev.gatehouse.session;

import dev.gatehouse.protocol.RequestId;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One legacy-era client session, created by {@code initialize}. Holds what the client declared, the queue of
 * messages for its GET stream and its requests in flight (so a cancellation can reach the upstream). Its resource
 * subscriptions are kept by the gateway's routing tables, per server and resource.
 */
public final class Session {

    private static final int OUTBOUND_CAPACITY = 1024;
    private static final int MAX_IN_FLIGHT = 512;
    private static final int EVENT_LOG_EVENTS = 512;
    private static final long EVENT_LOG_BYTES = 4L * 1024 * 1024;
    /** Request streams kept for resumption; the oldest are forgotten first. */
    private static final int KEPT_REQUEST_STREAMS = 64;

    private final String id;
    private final String endpoint;
    private volatile String protocolVersion;
    private volatile ObjectNode clientCapabilities;
    private volatile ObjectNode clientInfo;
    private final Instant created;
    private volatile Instant lastActive;
    private final OutboundQueue outbound;
    private final Map<RequestId, Runnable> cancellers = new ConcurrentHashMap<>();
    private final AtomicBoolean streamOpen = new AtomicBoolean();
    private final EventLog events = new EventLog(EVENT_LOG_EVENTS, EVENT_LOG_BYTES);
    private final Map<String, ExchangeChannel> requestStreams = new java.util.LinkedHashMap<>();
    private volatile boolean ended;
    private final boolean modern;
    private volatile String principal;

    Session(String id, String endpoint, String protocolVersion, ObjectNode clientCapabilities, ObjectNode clientInfo,
            Instant created, boolean modern, LongAdder outboundDropped) {
        this.id = id;
        this.outbound = new OutboundQueue(OUTBOUND_CAPACITY, outboundDropped);
        this.modern = modern;
        this.endpoint = endpoint;
        this.protocolVersion = protocolVersion;
        this.clientCapabilities = clientCapabilities;
        this.clientInfo = clientInfo;
        this.created = created;
        this.lastActive = created;
    }

    public String id() {
        return id;
    }

    /** The path the session was created on; a session id is only valid on the endpoint that issued it. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Whether the client speaks the modern era (2026-07-28), where a "session" lives for one request or one
     * subscription stream and the server may not send requests to the client.
     */
    public boolean isModern() {
        return modern;
    }

    /**
     * Who the plane admitted for a modern request (a digest of its bearer token, or the local user), so state the
     * gateway hands out can be bound to its caller; null for legacy sessions, which are bound by their id.
     */
    public String principal() {
        return principal;
    }

    void principal(String admitted) {
        this.principal = admitted;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /**
     * Records what the client said in {@code initialize}, for a session that exists before it (the deprecated
     * HTTP+SSE transport opens the session with its GET stream).
     */
    public void adopt(String version, ObjectNode capabilities, ObjectNode info) {
        this.protocolVersion = version;
        this.clientCapabilities = capabilities;
        this.clientInfo = info;
    }

    public boolean declared(String capability) {
        return clientCapabilities != null && clientCapabilities.has(capability);
    }

    /** Whether the client declared URL-mode elicitation ({@code capabilities.elicitation.url}), so it can show a link. */
    public boolean declaredUrlElicitation() {
        return declaresUrlElicitation(clientCapabilities);
    }

    /** The same question of capabilities not yet held by a session: those an {@code initialize} carries. */
    public static boolean declaresUrlElicitation(JsonNode capabilities) {
        return capabilities != null && capabilities.path("elicitation").has("url");
    }

    public ObjectNode clientInfo() {
        return clientInfo;
    }

    public Instant created() {
        return created;
    }

    public Instant lastActive() {
        return lastActive;
    }

    void touch(Instant now) {
        lastActive = now;
    }

    /** Messages not tied to a request: they wait here for the client's GET stream. */
    public OutboundQueue outbound() {
        return outbound;
    }

    /** Registers how to cancel the request with this downstream id; false when too many are in flight. */
    public boolean trackInFlight(RequestId id, Runnable canceller) {
        if (cancellers.size() >= MAX_IN_FLIGHT) {
            return false;
        }
        cancellers.put(id, canceller);
        return true;
    }

    public void untrackInFlight(RequestId id) {
        cancellers.remove(id);
    }

    /** Cancels the request with this downstream id, if it is still in flight. */
    public void cancelInFlight(RequestId id) {
        Runnable canceller = cancellers.remove(id);
        if (canceller != null) {
            canceller.run();
        }
    }

    public int inFlight() {
        return cancellers.size();
    }

    /** Claims the session's one GET stream; false if another is open. */
    public boolean openStream() {
        return streamOpen.compareAndSet(false, true);
    }

    public void closeStream() {
        streamOpen.set(false);
    }

    public boolean hasOpenStream() {
        return streamOpen.get();
    }

    /** The session's recent SSE events, for resuming a dropped stream. */
    public EventLog events() {
        return events;
    }

    /**
     * Names a request's SSE stream and keeps its channel, so a client whose connection drops can resume it with
     * {@code Last-Event-ID}, even after the response is in. Only the most recent streams are kept.
     */
    public String keepRequestStream(ExchangeChannel channel) {
        String stream = events.newStream(EventLog.REQUEST);
        synchronized (requestStreams) {
            requestStreams.put(stream, channel);
            if (requestStreams.size() > KEPT_REQUEST_STREAMS) {
                requestStreams.remove(requestStreams.keySet().iterator().next());
            }
        }
        return stream;
    }

    /** The channel of a kept request stream, or null when it was never kept or has been forgotten. */
    public ExchangeChannel requestStream(String stream) {
        synchronized (requestStreams) {
            return requestStreams.get(stream);
        }
    }

    public boolean isEnded() {
        return ended;
    }

    void end() {
        ended = true;
        synchronized (requestStreams) {
            requestStreams.values().forEach(ExchangeChannel::close);
            requestStreams.clear();
        }
        cancellers.values().forEach(Runnable::run);
        cancellers.clear();
    }
}
