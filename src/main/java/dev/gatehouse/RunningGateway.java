package dev.gatehouse;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.http.McpPlane;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.upstream.stdio.ChildSpawner;
import dev.gatehouse.upstream.stdio.StdioOptions;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import dev.gatehouse.logging.LogRedaction;
import dev.gatehouse.vault.KeyBackendReport;
import dev.gatehouse.vault.Redactor;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import dev.gatehouse.vault.VaultHome;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway serving on the loopback plane: the composition root that wires config, upstreams, the request path
 * and HTTP together. {@code serve} runs one; tests run one in-process.
 */
public final class RunningGateway implements AutoCloseable {

    private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(RunningGateway.class);

    private final ChildSpawner spawner;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Gateway gateway;
    private final McpPlane plane;
    private final Optional<Vault> vault;

    private RunningGateway(ChildSpawner spawner, ScheduledExecutorService scheduler, ExecutorService executor,
                           Gateway gateway, McpPlane plane, Optional<Vault> vault) {
        this.vault = vault;
        this.spawner = spawner;
        this.scheduler = scheduler;
        this.executor = executor;
        this.gateway = gateway;
        this.plane = plane;
    }

    /** Starts without a vault: every secret reference is missing. For tests and homes that need none. */
    public static RunningGateway start(GatewayConfig config) throws Exception {
        return start(config, Optional.empty());
    }

    /**
     * Opens the vault in {@code home} (creating {@code vault.db} 0600), then starts as {@link #start(GatewayConfig)}.
     * Children resolve their references from it when spawned; answers and logs are redacted with its values.
     */
    public static RunningGateway start(GatewayConfig config, HomeLayout home) throws Exception {
        Vault vault = Vault.open(new VaultHome(home.root(), home::ensurePrivateFile), System.getenv(),
                InstantSource.system());
        return start(config, vault);
    }

    /** Starts with an open {@code vault}, which the gateway now owns and closes. */
    public static RunningGateway start(GatewayConfig config, Vault vault) throws Exception {
        try {
            return start(config, Optional.of(vault));
        } catch (Exception e) {
            vault.close();
            throw e;
        }
    }

    private static RunningGateway start(GatewayConfig config, Optional<Vault> vault) throws Exception {
        Redactor redactor = new Redactor();
        vault.ifPresent(v -> watch(v, redactor));
        LogRedaction.install(redactor);
        SecretResolver secrets = vault.<SecretResolver>map(v -> v).orElse(SecretResolver.NONE);
        JsonRpcCodec codec = new JsonRpcCodec(new JsonLimits(config.gateway().maxJsonDepth(),
                JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxDocumentBytes()));
        ChildSpawner spawner = ChildSpawner.start().installShutdownHook(CHILD_STOP_GRACE);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-timers").factory());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StdioOptions stdio = StdioOptions.defaults(scheduler);
        Gateway gateway = new Gateway(config,
                (server, events) -> new StdioUpstream(server, events, spawner, stdio, secrets),
                codec.mapper(), InstantSource.system(), executor, scheduler, redactor);
        McpPlane plane;
        try {
            plane = McpPlane.start(gateway, codec, config.gateway().maxBodyBytes(), config.gateway().port());
        } catch (Exception e) {
            gateway.close();
            spawner.close();
            scheduler.shutdownNow();
            throw e;
        }
        gateway.start();
        return new RunningGateway(spawner, scheduler, executor, gateway, plane, vault);
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

    /** The vault, when the gateway was started with a home. */
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
            vault.ifPresent(Vault::close);
        }
    }
}
