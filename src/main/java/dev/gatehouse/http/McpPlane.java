package dev.gatehouse.http;

import dev.gatehouse.admin.AuthResource;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP plane: HTTP on 127.0.0.1 and, where the machine has it, ::1, on the same port. It refuses to bind any
 * address that is not loopback, so no configuration mistake can expose it to the network.
 */
public final class McpPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpPlane.class);
    private static final long IDLE_TIMEOUT_MS = 5 * 60_000L;

    private final Server server;
    private final int port;
    private final InFlightRequests inFlight;

    private McpPlane(Server server, int port, InFlightRequests inFlight) {
        this.server = server;
        this.port = port;
        this.inFlight = inFlight;
    }

    /** Starts serving; {@code port} 0 picks a free port, shared by both loopback addresses. */
    public static McpPlane start(Gateway gateway, JsonRpcCodec codec, PlaneOptions options, int port)
            throws Exception {
        return start(gateway, codec, options, port, defaultAddresses(),
                new PeerCheck(SocketDiag.linux(), SocketOwners.system(), ownUid()));
    }

    static McpPlane start(Gateway gateway, JsonRpcCodec codec, PlaneOptions options, int port,
                          List<InetAddress> addresses, PeerCheck peers) throws Exception {
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("the MCP plane binds loopback addresses only, not " + address);
            }
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("mcp-plane");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(options.maxHeaderBytes());
        server.setErrorHandler(new PlaneErrorHandler(codec, options.counters()));
        if (!peers.available()) {
            LOG.warn("cannot identify the local user behind connections on this system;"
                    + " every MCP-plane request needs the bearer token");
        }
        PlaneHandler handler = new PlaneHandler(gateway, codec, options, peers);
        server.setHandler(handler);
        ServerConnector first = connector(server, http, addresses.getFirst(), port);
        server.addConnector(first);
        server.start();
        int bound = first.getLocalPort();
        for (InetAddress extra : addresses.subList(1, addresses.size())) {
            ServerConnector connector = connector(server, http, extra, bound);
            server.addConnector(connector);
            try {
                connector.start();
            } catch (Exception e) {
                server.removeConnector(connector);
                LOG.debug("not listening on {}: {}", extra.getHostAddress(), e.getMessage());
            }
        }
        return new McpPlane(server, bound, handler.inFlight());
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, InetAddress address, int port) {
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        return connector;
    }

    /** The user this process runs as (the owner of /proc/self), or -1 where that is unknown. */
    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static List<InetAddress> defaultAddresses() throws UnknownHostException {
        return List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
    }

    public int port() {
        return port;
    }

    /** Lets {@code /oauth/callback} complete the sign-ins {@code auth} starts. */
    public void acceptSignIns(AuthResource auth) {
        ((PlaneHandler) server.getHandler()).oauthCallback().bind(auth);
    }

    /**
     * Stops accepting connections and requests, then waits up to {@code grace} for the requests already admitted
     * to be answered; true if they all were.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector network) {
                network.setAccepting(false);
            }
        }
        return inFlight.drain(grace);
    }

    /** Stops accepting and ends open streams. */
    @Override
    public void close() throws Exception {
        server.stop();
    }
}
