package dev.gatehouse.session;

import dev.gatehouse.GatewayFailure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every live legacy session, bounded in number. Ids are 128 random bits from {@link SecureRandom}, hex encoded
 * (visible ASCII as the transport requires). An ended or evicted session is forgotten, so its id answers 404.
 */
public final class SessionRegistry {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;
    private final int maxSessions;
    private final Duration idleTimeout;
    private final Consumer<Session> onEnd;
    /** Messages dropped from full outbound queues, all sessions, ended ones too. */
    private final LongAdder outboundDropped = new LongAdder();

    public SessionRegistry(InstantSource clock, int maxSessions, Duration idleTimeout, Consumer<Session> onEnd) {
        this.clock = clock;
        this.maxSessions = maxSessions;
        this.idleTimeout = idleTimeout;
        this.onEnd = onEnd;
    }

    public Session create(String endpoint, String protocolVersion, ObjectNode capabilities, ObjectNode clientInfo) {
        if (sessions.size() >= maxSessions) {
            evictIdle();
            if (sessions.size() >= maxSessions) {
                throw new GatewayFailure.LimitExceeded("open sessions", maxSessions);
            }
        }
        Session session = new Session(newId(), endpoint, protocolVersion, capabilities, clientInfo, clock.instant(),
                false, outboundDropped);
        sessions.put(session.id(), session);
        return session;
    }

    /**
     * A context for one modern-era request: the same bookkeeping as a session (requests in flight, declared
     * capabilities) but never registered, so it is gone with the request. {@code principal} names who the plane
     * admitted (see {@link Session#principal()}).
     */
    public Session forModernRequest(String endpoint, String protocolVersion, ObjectNode capabilities,
                                    ObjectNode clientInfo, String principal) {
        Session context = new Session(newId(), endpoint, protocolVersion, capabilities, clientInfo, clock.instant(),
                true, outboundDropped);
        context.principal(principal);
        return context;
    }

    /**
     * A registered modern-era context for one {@code subscriptions/listen} stream, so list changes and resource
     * updates reach it; the stream ends it. Counts towards the session cap.
     */
    public Session forModernSubscription(String endpoint, String protocolVersion, ObjectNode capabilities,
                                         ObjectNode clientInfo) {
        if (sessions.size() >= maxSessions) {
            throw new GatewayFailure.LimitExceeded("open sessions and subscription streams", maxSessions);
        }
        Session session = new Session(newId(), endpoint, protocolVersion, capabilities, clientInfo, clock.instant(),
                true, outboundDropped);
        session.openStream();
        sessions.put(session.id(), session);
        return session;
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The live session with this id, marked active now. */
    public Optional<Session> find(String id) {
        Session session = id == null ? null : sessions.get(id);
        if (session == null || session.isEnded()) {
            return Optional.empty();
        }
        session.touch(clock.instant());
        return Optional.of(session);
    }

    public boolean end(String id) {
        Session session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        session.end();
        onEnd.accept(session);
        return true;
    }

    /** Ends sessions idle longer than the timeout; a session with an open GET stream is never idle. */
    public int evictIdle() {
        Instant cutoff = clock.instant().minus(idleTimeout);
        List<String> idle = sessions.values().stream()
                .filter(s -> !s.hasOpenStream() && s.lastActive().isBefore(cutoff))
                .map(Session::id)
                .toList();
        idle.forEach(this::end);
        return idle.size();
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    /** How many messages full outbound queues dropped since the gateway started, all sessions together. */
    public long outboundDropped() {
        return outboundDropped.sum();
    }

    public int size() {
        return sessions.size();
    }

    public void endAll() {
        List.copyOf(sessions.keySet()).forEach(this::end);
    }
}
