package dev.gatehouse;

import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.capture.CaptureStoreException;
import dev.gatehouse.capture.RecorderOptions;
import dev.gatehouse.capture.Redactor;
import dev.gatehouse.capture.SqliteTrafficStore;
import dev.gatehouse.capture.TrafficRecorder;
import dev.gatehouse.capture.ValueRedactor;
import dev.gatehouse.config.CaptureSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.http.McpPlane;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.upstream.stdio.ChildSpawner;
import dev.gatehouse.upstream.stdio.StdioOptions;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway serving on the loopback plane: the composition root that wires config, upstreams, the request path
 * and HTTP together. {@code serve} runs one; tests run one in-process.
 */
public final class RunningGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningGateway.class);
    private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(2);
    /** The traffic capture's database in the home directory. */
    public static final String TRAFFIC_FILE = "traffic.db";

    private final ChildSpawner spawner;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Gateway gateway;
    private final McpPlane plane;
    private final TrafficRecorder recorder;

    private RunningGateway(ChildSpawner spawner, ScheduledExecutorService scheduler, ExecutorService executor,
                           Gateway gateway, McpPlane plane, TrafficRecorder recorder) {
        this.spawner = spawner;
        this.scheduler = scheduler;
        this.executor = executor;
        this.gateway = gateway;
        this.plane = plane;
        this.recorder = recorder;
    }

    /** As {@link #start(GatewayConfig, HomeLayout)}, recording no traffic. */
    public static RunningGateway start(GatewayConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * Starts every enabled server in the background and serves on the configured port (0 picks one), recording
     * traffic in {@code home}'s traffic.db (null: no recording). A capture that cannot be opened is reported and
     * left off: the gateway serves regardless.
     */
    public static RunningGateway start(GatewayConfig config, HomeLayout home) throws Exception {
        JsonRpcCodec codec = new JsonRpcCodec(new JsonLimits(config.gateway().maxJsonDepth(),
                JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxDocumentBytes()));
        TrafficRecorder recorder = home == null ? null : openCapture(config.capture(), home, codec);
        ChildSpawner spawner = ChildSpawner.start().installShutdownHook(CHILD_STOP_GRACE);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-timers").factory());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StdioOptions stdio = StdioOptions.defaults(scheduler);
        Gateway gateway = new Gateway(config,
                (server, events) -> new StdioUpstream(server, events, spawner, stdio),
                codec.mapper(), InstantSource.system(), executor, scheduler,
                recorder == null ? CaptureSink.NONE : recorder, recorder == null ? null : recorder.log());
        McpPlane plane;
        try {
            plane = McpPlane.start(gateway, codec, config.gateway().maxBodyBytes(), config.gateway().port());
        } catch (Exception e) {
            gateway.close();
            spawner.close();
            scheduler.shutdownNow();
            if (recorder != null) {
                recorder.close();
            }
            throw e;
        }
        gateway.start();
        return new RunningGateway(spawner, scheduler, executor, gateway, plane, recorder);
    }

    private static TrafficRecorder openCapture(CaptureSettings settings, HomeLayout home, JsonRpcCodec codec)
            throws IOException {
        try {
            SqliteTrafficStore store = SqliteTrafficStore.open(home.ensurePrivateFile(TRAFFIC_FILE),
                    settings.hardLimitBytes());
            // The vault's scanner plugs in here as the ValueRedactor once the vault exists.
            return new TrafficRecorder(store, new Redactor(ValueRedactor.NONE, codec.mapper()), codec,
                    new RecorderOptions(settings.queueCapacity(), settings.maxBodyBytes(), settings.maxAge(),
                            settings.maxBytes(), RecorderOptions.DEFAULT_RETENTION_INTERVAL,
                            RecorderOptions.DEFAULT_RETRY_AFTER), InstantSource.system());
        } catch (CaptureStoreException e) {
            LOG.error("traffic capture is off: {}", e.getMessage(), e);
            return null;
        }
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

    /** The traffic capture, when one is recording. */
    public Optional<TrafficRecorder> capture() {
        return Optional.ofNullable(recorder);
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
            if (recorder != null) {
                recorder.close();
            }
        }
    }
}
