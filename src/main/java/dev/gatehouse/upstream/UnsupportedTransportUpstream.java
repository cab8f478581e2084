package dev.gatehouse.upstream;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.Message;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A configured server whose transport this build cannot speak yet (remote servers, until the HTTP transports
 * arrive). It stays visible, in state {@code failed} with the reason, and every use fails with that reason, so the
 * config can already hold it and nothing pretends it works.
 */
public final class UnsupportedTransportUpstream implements Upstream {

    public static final String REASON = "remote transports are not available in this version yet";

    private final ServerConfig config;
    private final UpstreamStatus status;

    public UnsupportedTransportUpstream(ServerConfig config, Instant now) {
        this.config = config;
        this.status = new UpstreamStatus(config.enabled() ? UpstreamStatus.State.FAILED
                : UpstreamStatus.State.DISABLED, config.enabled() ? REASON : null, 0, now);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String transport() {
        return config.transport();
    }

    @Override
    public UpstreamStatus status() {
        return status;
    }

    @Override
    public ServerHandshake handshake() {
        throw failure();
    }

    @Override
    public PendingCall call(Message.Request request, CallOptions options) {
        return PendingCall.of(CompletableFuture.failedFuture(failure()));
    }

    private GatewayFailure failure() {
        return new GatewayFailure.UpstreamUnavailable(config.name(), REASON, null);
    }

    @Override
    public void notify(Message.Notification notification) {
        // Nothing is connected to receive it.
    }

    @Override
    public void reply(Message.Response response) {
        // The server never ran, so it has asked nothing.
    }

    @Override
    public void close() {
        // It holds no process or connection.
    }
}
