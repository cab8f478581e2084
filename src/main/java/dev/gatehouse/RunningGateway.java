package dev.gatehouse;

import dev.gatehouse.admin.ManagementApi;
import dev.gatehouse.capture.CaptureMetrics;
import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.capture.CaptureStoreException;
import dev.gatehouse.capture.RecorderOptions;
import dev.gatehouse.capture.SqliteTrafficStore;
import dev.gatehouse.capture.TrafficRecorder;
import dev.gatehouse.capture.TrafficStore;
import dev.gatehouse.config.CaptureSettings;
import dev.gatehouse.config.ConfigWatcher;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.HomeLock;
import dev.gatehouse.config.PlaneToken;
import dev.gatehouse.http.ManagementPlane;
import dev.gatehouse.http.McpPlane;
import dev.gatehouse.http.PlaneOptions;
import dev.gatehouse.logging.LogRedaction;
import dev.gatehouse.oauth.GatewayOAuth;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.net.ServerClient;
import dev.gatehouse.policy.ToolPins;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.upstream.http.RemoteOptions;
import dev.gatehouse.upstream.http.StreamableHttpUpstream;
import dev.gatehouse.upstream.stdio.ChildSpawner;
import dev.gatehouse.upstream.stdio.StdioOptions;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import dev.gatehouse.vault.KeyBackendReport;
import dev.gatehouse.vault.Redactor;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import dev.gatehouse.vault.VaultHome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway serving on the loopback plane: the composition root that wires config, vault, upstreams, the request
 * path and HTTP together. {@code serve} runs one with its home (vault, management socket, config watcher, home
 * lock); tests also run one in-process without a home.
 */
public final class RunningGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningGateway.class);
    private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(2);
    private static final Duration CONFIG_QUIET_PERIOD = Duration.ofMillis(300);
    /** The traffic capture's database in the home directory. */
    public static final String TRAFFIC_FILE = "traffic.db";

    private final ChildSpawner spawner;
    private final ServerClient http;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Gateway gateway;
    private final McpPlane plane;
    private final Duration shutdownGrace;
    private final Optional<Vault> vault;
    private final TrafficRecorder recorder;
    /** What {@code serve} adds, closed first in reverse order: the management plane and the config watcher. */
    private final List<AutoCloseable> homeParts = new ArrayList<>();
    private GatewayOAuth oauth;
    private ManagementPlane management;
    /** The MCP plane's bearer token, when the gateway has a home. */
    private PlaneToken token;
    /** Released last, once the children are stopped, so that a next gateway never meets them. */
    private HomeLock lock;
    private final AtomicBoolean closing = new AtomicBoolean();

    private RunningGateway(ChildSpawner spawner, ServerClient http, ScheduledExecutorService scheduler,
                           ExecutorService executor, Gateway gateway, McpPlane plane, Duration shutdownGrace,
                           Optional<Vault> vault, TrafficRecorder recorder) {
        this.recorder = recorder;
        this.spawner = spawner;
        this.http = http;
        this.scheduler = scheduler;
        this.executor = executor;
        this.gateway = gateway;
        this.plane = plane;
        this.shutdownGrace = shutdownGrace;
        this.vault = vault;
    }

    /**
     * Starts without a home or vault (every secret reference is missing; tool pins stay in memory and there is no
     * bearer token): every eager server in the background, serving on the configured port (0 picks one). For tests
     * and embedding.
     */
    public static RunningGateway start(GatewayConfig config) throws Exception {
        RunningGateway running = assemble(config, Optional.empty(), null, UnaryOperator.identity());
        running.spawner.installShutdownHook(CHILD_STOP_GRACE);
        running.gateway.start();
        return running;
    }

    /**
     * As {@link #start(GatewayConfig)}, recording traffic in {@code home}'s traffic.db and keeping tool pins and
     * the MCP plane's bearer token there (no vault, no lock).
     */
    public static RunningGateway start(GatewayConfig config, HomeLayout home) throws Exception {
        RunningGateway running = assemble(config, Optional.empty(), home, UnaryOperator.identity());
        running.spawner.installShutdownHook(CHILD_STOP_GRACE);
        running.gateway.start();
        return running;
    }

    /** As {@link #start(GatewayConfig)} with an open {@code vault}, which the gateway now owns and closes. */
    public static RunningGateway start(GatewayConfig config, Vault vault) throws Exception {
        RunningGateway running;
        try {
            running = assemble(config, Optional.of(vault), null, UnaryOperator.identity());
        } catch (Exception e) {
            vault.close();
            throw e;
        }
        running.spawner.installShutdownHook(CHILD_STOP_GRACE);
        running.gateway.start();
        return running;
    }

    /**
     * The one gateway of {@code home}: takes the home's lock (failing with {@link HomeLock.HeldException} if
     * another gateway holds it), opens the home's vault, serves the management API on {@code socket} and applies
     * changes to config.toml as they are saved. Children are stopped by {@link #close}, which the caller runs on
     * SIGINT/SIGTERM, after requests in flight had their grace period.
     */
    public static RunningGateway start(GatewayConfig config, HomeLayout home, Path socket) throws Exception {
        return start(config, home, socket, UnaryOperator.identity());
    }

    /** As {@link #start(GatewayConfig, HomeLayout, Path)}, the capture's store wrapped by {@code store} (tests). */
    static RunningGateway start(GatewayConfig config, HomeLayout home, Path socket, UnaryOperator<TrafficStore> store)
            throws Exception {
        HomeLock lock = HomeLock.acquire(home);
        RunningGateway running;
        try {
            Vault vault = Vault.open(new VaultHome(home.root(), home::ensurePrivateFile), System.getenv(),
                    InstantSource.system());
            try {
                running = assemble(config, Optional.of(vault), home, store);
            } catch (Exception e) {
                vault.close();
                throw e;
            }
        } catch (Exception e) {
            lock.close();
            throw e;
        }
        running.lock = lock;
        try {
            InstantSource clock = InstantSource.system();
            ManagementApi api = ManagementApi.assemble(running.gateway, running.vault.orElseThrow(),
                    running.recorder, home.configFile(), home.root(), running.mcpUrl(), clock, running.token,
                    running.oauth.credentials());
            running.plane.acceptSignIns(api.auth());
            running.management = ManagementPlane.start(api, socket);
            running.homeParts.add(running.management);
            running.homeParts.add(ConfigWatcher.start(home.configFile(), CONFIG_QUIET_PERIOD, running.scheduler,
                    () -> api.config().reload()));
            running.homeParts.add(IdleHeapShrinker.start(running.scheduler));
        } catch (Exception e) {
            running.close();
            throw e;
        }
        running.gateway.start();
        return running;
    }

    /**
     * {@code home}, when not null, is where traffic is recorded (traffic.db, its store wrapped by {@code store}) and
     * tool pins and the token live.
     */
    private static RunningGateway assemble(GatewayConfig config, Optional<Vault> vault, HomeLayout home,
                                           UnaryOperator<TrafficStore> store) throws Exception {
        Redactor redactor = new Redactor();
        vault.ifPresent(v -> watch(v, redactor));
        LogRedaction.install(redactor);
        SecretResolver secrets = vault.<SecretResolver>map(v -> v).orElse(SecretResolver.NONE);
        JsonRpcCodec codec = new JsonRpcCodec(new JsonLimits(config.gateway().maxJsonDepth(),
                config.limits().maxStringBytes(), JsonLimits.DEFAULT.maxDocumentBytes()));
        LimitCounters counters = new LimitCounters();
        ToolPins pins = home == null ? ToolPins.inMemory(InstantSource.system())
                : ToolPins.load(home.root().resolve(ToolPins.FILE_NAME), InstantSource.system());
        PlaneToken token = home == null ? null : PlaneToken.openOrCreate(home.root());
        ChildSpawner spawner = ChildSpawner.start();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("gatehouse-timers").factory());
        // Every call arms a timeout here that its answer cancels; kept until it would have fired, each cancelled
        // timer (and the array of the queue) would be promoted and pile up in the old generation at thousands of
        // calls per second.
        scheduler.setRemoveOnCancelPolicy(true);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StdioOptions stdio = StdioOptions.defaults(scheduler).withCounters(counters)
                .withMaxLineBytes(config.limits().maxUpstreamLineBytes());
        ServerClient http = RemoteOptions.startClient(HostLookup.SYSTEM);
        GatewayOAuth oauth = GatewayOAuth.forConfig(config, vault);
        RemoteOptions remote = RemoteOptions.defaults(http, scheduler).withCredentials(oauth.credentials());
        InstantSource clock = InstantSource.system();
        TrafficRecorder recorder = home == null ? null : openCapture(config.capture(), home, codec, redactor, store);
        Gateway gateway = new Gateway(config,
                (server, events) -> server.isRemote()
                        ? new StreamableHttpUpstream(oauth.configure(server), events, remote, secrets)
                        : new StdioUpstream(server, events, spawner, stdio, secrets),
                codec.mapper(), clock, executor, scheduler, redactor,
                recorder == null ? CaptureSink.NONE : recorder, recorder == null ? null : recorder.log(), counters, pins);
        PlaneOptions planeOptions = new PlaneOptions(config.gateway().maxBodyBytes(), config.limits().maxHeaderBytes(),
                config.limits().maxStreamsPerSession(), counters, config.security().requireToken(), token);
        if (recorder != null) {
            gateway.metrics().bind(registry -> CaptureMetrics.bind(registry, recorder));
        }
        McpPlane plane;
        try {
            plane = McpPlane.start(gateway, codec, planeOptions, config.gateway().port());
        } catch (Exception e) {
            oauth.close();
            gateway.close();
            spawner.close();
            http.close();
            scheduler.shutdownNow();
            if (recorder != null) {
                recorder.close();
            }
            throw e;
        }
        oauth.listenOn(plane.port());
        RunningGateway running = new RunningGateway(spawner, http, scheduler, executor, gateway, plane,
                config.gateway().shutdownGrace(), vault, recorder);
        running.token = token;
        running.oauth = oauth;
        running.homeParts.add(oauth);
        return running;
    }

    /**
     * Opens traffic.db in the home. Recorded bodies pass the same redactor as answers, so a vault value never
     * reaches the file. A capture that cannot be opened is reported and left off: the gateway serves regardless.
     */
    private static TrafficRecorder openCapture(CaptureSettings settings, HomeLayout home, JsonRpcCodec codec,
                                               Redactor values, UnaryOperator<TrafficStore> wrap)
            throws java.io.IOException {
        try {
            TrafficStore store = wrap.apply(SqliteTrafficStore.open(home.ensurePrivateFile(TRAFFIC_FILE),
                    settings.hardLimitBytes()));
            return new TrafficRecorder(store, new dev.gatehouse.capture.Redactor(values::redact, codec.mapper()),
                    codec, new RecorderOptions(settings.queueCapacity(), settings.maxBodyBytes(), settings.maxAge(),
                            settings.maxBytes(), RecorderOptions.DEFAULT_RETENTION_INTERVAL,
                            RecorderOptions.DEFAULT_RETRY_AFTER, settings.queueBytes()), InstantSource.system());
        } catch (CaptureStoreException e) {
            LOG.error("traffic capture is off: {}", e.getMessage(), e);
            return null;
        }
    }

    /** The traffic capture, when one is recording. */
    public Optional<TrafficRecorder> capture() {
        return Optional.ofNullable(recorder);
    }

    /** Keeps the redactor in step with the vault, and says loudly which key backend protects it. */
    private static void watch(Vault vault, Redactor redactor) {
        Runnable refresh = () -> {
            try {
                redactor.update(vault.scanner());
            } catch (VaultException e) {
                LOG.warn("vault values cannot be read for redaction: {}", e.getMessage());
            }
        };
        refresh.run();
        vault.addChangeListener(refresh);
        try {
            KeyBackendReport report = vault.keyReport();
            report.lines().forEach(line -> LOG.info("{}", line));
            report.warning().ifPresent(warning -> LOG.warn("{}", warning));
        } catch (VaultException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    public int port() {
        return plane.port();
    }

    public URI mcpUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/mcp");
    }

    /** The management socket, when this gateway serves a home. */
    public Path managementSocket() {
        if (management == null) {
            throw new IllegalStateException("this gateway was started without a home, so it has no management socket");
        }
        return management.socket();
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The vault, when the gateway was started with one. */
    public Optional<Vault> vault() {
        return vault;
    }

    /** The loud key-file warning, for {@code serve} to print beside its URL. */
    public Optional<String> keyWarning() {
        try {
            return vault.isPresent() ? vault.get().keyReport().warning() : Optional.empty();
        } catch (VaultException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Stops accepting, lets requests in flight finish for up to the shutdown grace, ends sessions, and stops every
     * child (stdin closed, then SIGTERM, then SIGKILL) and every remote session. Only the first call does anything.
     */
    @Override
    public void close() throws Exception {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!plane.drain(shutdownGrace)) {
                LOG.warn("requests still in flight after the {} s shutdown grace are cut off",
                        shutdownGrace.toSeconds());
            }
            for (AutoCloseable part : homeParts.reversed()) {
                closeQuietly(part);
            }
            plane.close();
        } finally {
            gateway.close();
            spawner.close();
            http.close();
            scheduler.shutdownNow();
            executor.shutdownNow();
            if (recorder != null) {
                recorder.close();
            }
            vault.ifPresent(Vault::close);
            if (lock != null) {
                closeQuietly(lock);
            }
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
        }
    }
}
