package dev.gatehouse.http;

import dev.gatehouse.admin.ManagementApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management plane: {@code /api/*} over HTTP on a Unix domain socket, never on a TCP port. The socket sits in
 * a directory only the gateway's user can enter (0700), is itself 0600, and every connection's peer must be that
 * same user ({@link PeerCheckedConnector}). The caller holds the home's lock, so a socket file already there was
 * left by a gateway that died and is replaced.
 */
public final class ManagementPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementPlane.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final long IDLE_TIMEOUT_MS = 60_000L;

    private final Server server;
    private final Path socket;

    private ManagementPlane(Server server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    public static ManagementPlane start(ManagementApi api, Path socket) throws Exception {
        // Strict on what it reads: a misspelt field in a request is an error, not silently ignored.
        JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        UserPrincipal owner = prepareDirectory(socket.getParent());
        if (Files.deleteIfExists(socket)) {
            LOG.info("replaced the management socket {} left by a gateway that is no longer running", socket);
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("management-plane");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        PeerCheckedConnector connector = new PeerCheckedConnector(server, owner, new HttpConnectionFactory(http));
        connector.setUnixDomainPath(socket);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(new ApiHandler(api, mapper));
        server.start();
        // Bound with the umask's mode; the 0700 directory keeps everyone else out until this narrows it.
        Files.setPosixFilePermissions(socket, OWNER_ONLY_FILE);
        return new ManagementPlane(server, socket);
    }

    /**
     * Creates the socket's directory 0700, or accepts an existing one that belongs to this user (narrowing its
     * mode); a directory owned by anyone else is refused, since its owner could replace the socket.
     */
    private static UserPrincipal prepareDirectory(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory.getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } catch (java.nio.file.FileAlreadyExistsException racedWithAnotherStart) {
                // Judged below like any existing directory.
            }
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " is not a directory; the management socket cannot live there");
        }
        UserPrincipal me = directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me)) {
            throw new IOException(directory + " belongs to '" + owner.getName() + "', not to '" + me.getName()
                    + "'; the management socket cannot live there");
        }
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        return owner;
    }

    public Path socket() {
        return socket;
    }

    /** Stops serving and removes the socket file. */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
