package dev.gatehouse.bridge;

import dev.gatehouse.admin.api.SocketLocation;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse connect}: the stdio bridge for clients that can only spawn a command. It speaks
 * newline-delimited JSON-RPC on stdin and stdout and Streamable HTTP to the running gateway. stdout carries
 * JSON-RPC and nothing else: {@code System.out} is pointed at stderr before anything runs, and messages for
 * humans go to stderr.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bridge an MCP client that speaks stdio to the running gateway (for clients that can only"
                + " spawn a command).", "Exit codes: 0 the client closed stdin, 1 failed, 2 usage,"
                + " 3 no gateway is running."})
public final class ConnectCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "NAME",
            description = "Reach only this server (its endpoint /s/NAME/mcp) instead of all of them.")
    String server;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Reach only this profile's servers (its endpoint /p/NAME/mcp); not with --server.")
    String profile;

    @Option(names = "--start", description = "Start the gateway ('gatehouse serve', detached, output to"
            + " HOME/gatehouse.log) when none is running, and wait for it.")
    boolean start;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The gateway's data directory (default: $GATEHOUSE_HOME, else ~/.gatehouse).")
    String home;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(err);
        try {
            Path homePath = SocketLocation.home(home, System::getenv, System.getProperty("user.home"));
            JsonRpcCodec codec = new JsonRpcCodec(JsonLimits.DEFAULT);
            GatewayLocator locator = new GatewayLocator(homePath, SocketLocation.socket(homePath, System::getenv),
                    codec.mapper());
            BridgeTarget target = BridgeTarget.of(server, profile);
            PlaneRoute route = new PlaneRoute(locator, target, locate(locator, target));
            Bridge bridge = new Bridge(codec, new PlaneClient(route), new ClientLines(stdout), err);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(bridge::end));
            bridge.run(new FileInputStream(FileDescriptor.in));
            return 0;
        } catch (BridgeFailure failure) {
            err.println("gatehouse: " + failure.getMessage());
            return failure.exitCode();
        } catch (IllegalStateException e) {
            err.println("gatehouse: " + e.getMessage());
            return BridgeFailure.USAGE;
        } catch (IOException e) {
            err.println("gatehouse: cannot read the client's messages: " + e.getMessage());
            return BridgeFailure.FAILURE;
        }
    }

    private PlaneAddress locate(GatewayLocator locator, BridgeTarget target) throws BridgeFailure {
        try {
            return locator.locate(target);
        } catch (BridgeFailure failure) {
            if (!start || failure.exitCode() != BridgeFailure.NOT_RUNNING) {
                throw failure;
            }
        }
        new GatewayStarter(locator).start();
        return locator.locate(target);
    }
}
