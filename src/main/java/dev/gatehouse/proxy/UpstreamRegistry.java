package dev.gatehouse.proxy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.Upstream;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.routing.View;
import dev.gatehouse.upstream.builtin.ServerDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstreams of the running config, in configured order after the built-in server. Disabled servers are
 * listed but have no connection.
 */
public final class UpstreamRegistry implements ServerDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRegistry.class);

    private final GatewayConfig config;
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();

    public UpstreamRegistry(GatewayConfig config, Upstream builtin, Function<ServerConfig, Upstream> factory) {
        this.config = config;
        upstreams.put(builtin.name(), builtin);
        for (ServerConfig server : config.servers()) {
            if (server.enabled()) {
                upstreams.put(server.name(), factory.apply(server));
            }
        }
    }

    /** Every enabled server, prefixed: what {@code /mcp} shows. */
    public View aggregate() {
        return View.aggregate(new ArrayList<>(upstreams.values()));
    }

    /** One server with its own names: what {@code /s/NAME/mcp} shows. */
    public Optional<View> single(String name) {
        return Optional.ofNullable(upstreams.get(name)).map(View::single);
    }

    public Optional<Upstream> upstream(String name) {
        return Optional.ofNullable(upstreams.get(name));
    }

    public CallOptions options(String server) {
        return config.server(server).map(s -> new CallOptions(s.timeout())).orElse(CallOptions.DEFAULT);
    }

    /** Starts every configured server in the background so the first client does not wait for them. */
    public void startAll(Executor executor) {
        for (Upstream upstream : upstreams.values()) {
            executor.execute(() -> {
                try {
                    upstream.handshake();
                } catch (RuntimeException e) {
                    LOG.warn("server '{}' did not start: {}", upstream.name(), e.getMessage());
                }
            });
        }
    }

    @Override
    public List<Upstream> running() {
        return List.copyOf(upstreams.values());
    }

    @Override
    public List<ServerConfig> configured() {
        return config.servers();
    }

    @Override
    public void close() {
        upstreams.values().parallelStream().forEach(Upstream::close);
    }
}
