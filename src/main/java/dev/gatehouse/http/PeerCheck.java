package dev.gatehouse.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is on the other end of an MCP-plane connection. Loopback TCP is open to every user of the machine; on
 * Linux the kernel tells whose socket it is, and only the gateway's own user may pass. The answer is computed
 * once per connection and kept on it.
 */
final class PeerCheck {

    /** What is known of a connection's peer. */
    enum Peer { SAME_USER, OTHER_USER, UNKNOWN }

    private static final Logger LOG = LoggerFactory.getLogger(PeerCheck.class);
    private static final String ATTRIBUTE = PeerCheck.class.getName();

    private final SocketDiag diag;
    private final SocketOwners owners;
    private final int ownUid;

    /** {@code diag} may be null: the socket tables are then read for every connection, which is slower. */
    PeerCheck(SocketDiag diag, SocketOwners owners, int ownUid) {
        this.diag = diag;
        this.owners = owners;
        this.ownUid = ownUid;
    }

    /** False where the kernel cannot be asked: every peer is then unknown and needs the token. */
    boolean available() {
        return ownUid >= 0 && (diag != null || owners.available());
    }

    Peer peerOf(ConnectionMetaData connection) {
        Object known = connection.getAttribute(ATTRIBUTE);
        if (known instanceof Peer peer) {
            return peer;
        }
        Peer peer = identify(connection);
        connection.setAttribute(ATTRIBUTE, peer);
        return peer;
    }

    private Peer identify(ConnectionMetaData connection) {
        if (!available() || !(connection.getRemoteSocketAddress() instanceof InetSocketAddress client)
                || !(connection.getLocalSocketAddress() instanceof InetSocketAddress server)) {
            return Peer.UNKNOWN;
        }
        try {
            OptionalInt uid = diag == null ? OptionalInt.empty() : diag.ownerOf(client, server);
            if (uid.isEmpty() && owners.available()) {
                uid = owners.ownerOf(client, server);
            }
            if (uid.isEmpty()) {
                return Peer.UNKNOWN;
            }
            if (uid.getAsInt() != ownUid) {
                LOG.warn("refused a connection from local user {} (the gateway runs as {})", uid.getAsInt(), ownUid);
                return Peer.OTHER_USER;
            }
            return Peer.SAME_USER;
        } catch (IOException e) {
            LOG.debug("cannot read the socket tables: {}", e.getMessage());
            return Peer.UNKNOWN;
        }
    }
}
