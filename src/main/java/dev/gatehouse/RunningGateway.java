package dev.gatehouse;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.PlaneToken;
import dev.gatehouse.http.McpPlane;
import dev.gatehouse.http.PlaneOptions;
import dev.gatehouse.policy.ToolPins;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.upstream.stdio.ChildSpawner;
import dev.gatehouse.upstream.stdio.StdioOptions;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A gateway serving on the loopback plane: the composition root that wires config, upstreams, the request path
 * and HTTP together. {@code serve} runs one; tests run one in-process.
 */
public final class RunningGateway implements AutoCloseable {

    private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(2);

    private final ChildSpawner spawner;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Gateway gateway;
    private final McpPlane plane;

    private RunningGateway(ChildSpawner spawner, ScheduledExecutorService scheduler, ExecutorService executor,
                           Gateway gateway, McpPlane plane) {
        this.spawner = spawner;
        this.scheduler = scheduler;
        this.executor = executor;
        this.gateway = gateway;
        this.plane = plane;
    }

    /** As {@link #start(GatewayConfig, Path)} without a home: tool pins stay in memory and there is no token. */
    public static RunningGateway start(GatewayConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * Starts every enabled server in the background and serves on the configured port (0 picks one). Tool pins
     * and the MCP plane's bearer token live in {@code home} (created there on first start).
     */
    public static RunningGateway start(GatewayConfig config, Path home) throws Exception {
        JsonRpcCodec codec = new JsonRpcCodec(new JsonLimits(config.gateway().maxJsonDepth(),
                config.limits().maxStringBytes(), JsonLimits.DEFAULT.maxDocumentBytes()));
        LimitCounters counters = new LimitCounters();
        ToolPins pins = home == null ? ToolPins.inMemory(InstantSource.system())
                : ToolPins.load(home.resolve(ToolPins.FILE_NAME), InstantSource.system());
        PlaneToken token = home == null ? null : PlaneToken.openOrCreate(home);
        ChildSpawner spawner = ChildSpawner.start().installShutdownHook(CHILD_STOP_GRACE);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-timers").factory());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StdioOptions stdio = StdioOptions.defaults(scheduler).withCounters(counters)
                .withMaxLineBytes(config.limits().maxUpstreamLineBytes());
        Gateway gateway = new Gateway(config,
                (server, events) -> new StdioUpstream(server, events, spawner, stdio),
                codec.mapper(), InstantSource.system(), executor, scheduler, counters, pins);
        PlaneOptions planeOptions = new PlaneOptions(config.gateway().maxBodyBytes(), config.limits().maxHeaderBytes(),
                config.limits().maxStreamsPerSession(), counters, config.security().requireToken(), token);
        McpPlane plane;
        try {
            plane = McpPlane.start(gateway, codec, planeOptions, config.gateway().port());
        } catch (Exception e) {
            gateway.close();
            spawner.close();
            scheduler.shutdownNow();
            throw e;
        }
        gateway.start();
        return new RunningGateway(spawner, scheduler, executor, gateway, plane);
    }

    public int port() {
        return plane.port();
    }

    public URI mcpUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/mcp");
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Stops accepting, ends sessions, and stops every child (stdin closed, then SIGTERM, then SIGKILL). */
    @Override
    public void close() throws Exception {
        try {
            plane.close();
        } finally {
            gateway.close();
            spawner.close();
            scheduler.shutdownNow();
            executor.shutdownNow();
        }
    }
}
