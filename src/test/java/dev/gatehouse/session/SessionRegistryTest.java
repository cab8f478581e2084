package dev.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.GatewayFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final List<Session> ended = new ArrayList<>();

    private SessionRegistry registry(int max) {
        return new SessionRegistry(clock, max, Duration.ofMinutes(30), ended::add);
    }

    @Test
    void issuesDistinctUnguessableVisibleAsciiIds() {
        SessionRegistry sessions = registry(10);
        String first = sessions.create("/mcp", "2025-11-25", null, null).id();
        String second = sessions.create("/mcp", "2025-11-25", null, null).id();
        assertThat(first).hasSize(32).matches("[0-9a-f]+").isNotEqualTo(second);
    }

    @Test
    void refusesSessionsBeyondTheCapWhenNoneIsIdle() {
        SessionRegistry sessions = registry(2);
        sessions.create("/mcp", "2025-11-25", null, null);
        sessions.create("/mcp", "2025-11-25", null, null);
        assertThatThrownBy(() -> sessions.create("/mcp", "2025-11-25", null, null))
                .isInstanceOf(GatewayFailure.LimitExceeded.class).hasMessageContaining("at most 2");
    }

    @Test
    void makesRoomAtTheCapByEndingIdleSessions() {
        SessionRegistry sessions = registry(1);
        Session old = sessions.create("/mcp", "2025-11-25", null, null);
        now.set(now.get().plus(Duration.ofMinutes(31)));
        Session fresh = sessions.create("/mcp", "2025-11-25", null, null);
        assertThat(sessions.find(old.id())).isEmpty();
        assertThat(sessions.find(fresh.id())).contains(fresh);
        assertThat(ended).containsExactly(old);
    }

    @Test
    void evictsIdleSessionsButNotActiveOnesOrOnesWithAnOpenStream() {
        SessionRegistry sessions = registry(10);
        Session idle = sessions.create("/mcp", "2025-11-25", null, null);
        Session streaming = sessions.create("/mcp", "2025-11-25", null, null);
        Session active = sessions.create("/mcp", "2025-11-25", null, null);
        streaming.openStream();
        now.set(now.get().plus(Duration.ofMinutes(20)));
        sessions.find(active.id());
        now.set(now.get().plus(Duration.ofMinutes(20)));
        assertThat(sessions.evictIdle()).isEqualTo(1);
        assertThat(sessions.find(idle.id())).isEmpty();
        assertThat(sessions.find(streaming.id())).isPresent();
        assertThat(sessions.find(active.id())).isPresent();
    }

    @Test
    void endingASessionCancelsWhatItHasInFlight() {
        SessionRegistry sessions = registry(10);
        Session session = sessions.create("/mcp", "2025-11-25", null, null);
        List<String> cancelled = new ArrayList<>();
        session.trackInFlight(dev.gatehouse.protocol.RequestId.of(1), () -> cancelled.add("1"));
        assertThat(sessions.end(session.id())).isTrue();
        assertThat(cancelled).containsExactly("1");
        assertThat(sessions.end(session.id())).isFalse();
    }
}
