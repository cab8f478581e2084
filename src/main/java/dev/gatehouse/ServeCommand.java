package dev.gatehouse;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.DefaultConfigWriter;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.admin.api.SocketLocation;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.HomeLock;
import dev.gatehouse.config.UnsafeHomeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse serve}: runs the gateway in the foreground until SIGINT or SIGTERM, which stop it gracefully
 * (requests in flight get {@code shutdown_grace_seconds}, then the servers are stopped).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway on http://127.0.0.1:PORT/mcp until interrupted.")
final class ServeCommand implements Callable<Integer> {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_ALREADY_RUNNING = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Data directory (default: $GATEHOUSE_HOME, else ~/.gatehouse).")
    private String home;

    @Option(names = "--port", paramLabel = "N", description = "Port to serve on; 0 picks a free one.")
    private Integer port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HomeLayout layout;
        GatewayConfig config;
        try {
            layout = HomeLayout.resolve(home).prepare();
            if (DefaultConfigWriter.writeIfMissing(layout.configFile())) {
                err.println("gatehouse: wrote a commented default config to " + layout.configFile());
            }
            config = ConfigLoader.load(layout.configFile());
        } catch (UnsafeHomeException e) {
            err.println("gatehouse: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
            return EXIT_CONFIG;
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                err.println("gatehouse: --port must be between 0 and 65535");
                return EXIT_CONFIG;
            }
            config = config.withGateway(config.gateway().withPort(port));
        }
        Path socket;
        try {
            socket = SocketLocation.socket(layout.root(), System::getenv);
        } catch (IllegalStateException e) {
            err.println("gatehouse: " + e.getMessage());
            return EXIT_CONFIG;
        }
        RunningGateway started;
        try {
            started = RunningGateway.start(config, layout, socket);
        } catch (HomeLock.HeldException e) {
            err.println("gatehouse: " + e.getMessage());
            return EXIT_ALREADY_RUNNING;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (RunningGateway gateway = started) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    gateway.close();
                } catch (Exception e) {
                    err.println("gatehouse: error while stopping: " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }));
            out.println("Gatehouse is serving " + gateway.mcpUrl());
            out.println("  home: " + layout.root());
            out.println("  management socket: " + gateway.managementSocket());
            gateway.keyWarning().ifPresent(warning -> err.println("gatehouse: " + warning));
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
