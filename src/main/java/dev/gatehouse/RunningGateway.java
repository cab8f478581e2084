package dev.gatehouse;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.http.McpPlane;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.upstream.http.RemoteHttpClient;
import dev.gatehouse.upstream.http.RemoteOptions;
import dev.gatehouse.upstream.http.StreamableHttpUpstream;
import dev.gatehouse.upstream.stdio.ChildSpawner;
import dev.gatehouse.upstream.stdio.StdioOptions;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.client.HttpClient;

/**
 * A gateway serving on the loopback plane: the composition root that wires config, upstreams, the request path
 * and HTTP together. {@code serve} runs one; tests run one in-process.
 */
public final class RunningGateway implements AutoCloseable {

    private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(2);

    private final ChildSpawner spawner;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Gateway gateway;
    private final McpPlane plane;

    private RunningGateway(ChildSpawner spawner, HttpClient http, ScheduledExecutorService scheduler,
                           ExecutorService executor, Gateway gateway, McpPlane plane) {
        this.spawner = spawner;
        this.http = http;
        this.scheduler = scheduler;
        this.executor = executor;
        this.gateway = gateway;
        this.plane = plane;
    }

    /** Starts every enabled server in the background and serves on the configured port (0 picks one). */
    public static RunningGateway start(GatewayConfig config) throws Exception {
        JsonRpcCodec codec = new JsonRpcCodec(new JsonLimits(config.gateway().maxJsonDepth(),
                JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxDocumentBytes()));
        ChildSpawner spawner = ChildSpawner.start().installShutdownHook(CHILD_STOP_GRACE);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-timers").factory());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StdioOptions stdio = StdioOptions.defaults(scheduler);
        HttpClient http = RemoteHttpClient.start();
        RemoteOptions remote = RemoteOptions.defaults(http, scheduler);
        Gateway gateway = new Gateway(config,
                (server, events) -> server.isRemote() ? new StreamableHttpUpstream(server, events, remote)
                        : new StdioUpstream(server, events, spawner, stdio),
                codec.mapper(), InstantSource.system(), executor, scheduler);
        McpPlane plane;
        try {
            plane = McpPlane.start(gateway, codec, config.gateway().maxBodyBytes(), config.gateway().port());
        } catch (Exception e) {
            gateway.close();
            spawner.close();
            http.stop();
            scheduler.shutdownNow();
            throw e;
        }
        gateway.start();
        return new RunningGateway(spawner, http, scheduler, executor, gateway, plane);
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

    /**
     * Stops accepting, ends sessions, stops every child (stdin closed, then SIGTERM, then SIGKILL) and ends every
     * remote session.
     */
    @Override
    public void close() throws Exception {
        try {
            plane.close();
        } finally {
            gateway.close();
            spawner.close();
            http.stop();
            scheduler.shutdownNow();
            executor.shutdownNow();
        }
    }
}
