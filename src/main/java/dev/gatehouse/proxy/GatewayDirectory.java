package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.upstream.builtin.ServerDirectory;
import dev.gatehouse.upstream.builtin.SessionSummary;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** What the built-in server reads: the registry's current snapshot and the open sessions, ids shortened. */
record GatewayDirectory(UpstreamRegistry registry, Supplier<List<OpenSession>> openSessions)
        implements ServerDirectory {

    private static final int SHOWN_ID_CHARS = 8;

    @Override
    public List<Upstream> running() {
        return registry.running();
    }

    @Override
    public List<ServerConfig> configured() {
        return registry.configured();
    }

    @Override
    public List<SessionSummary> sessions() {
        return openSessions.get().stream()
                .map(s -> new SessionSummary(s.id().substring(0, SHOWN_ID_CHARS), s.endpoint(), s.protocolVersion(),
                        Objects.requireNonNullElse(s.clientName(), ""),
                        Objects.requireNonNullElse(s.clientVersion(), ""), s.created(), s.lastActive(),
                        s.inFlight()))
                .toList();
    }
}
