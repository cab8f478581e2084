package dev.gatehouse.http;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Unix-socket connector that admits only the gateway's own user (DESIGN.md invariant 3). Jetty calls
 * {@link #configure} on the acceptor thread for each accepted channel before handing it to a selector, so the peer's
 * credentials ({@code SO_PEERCRED}, taken by the kernel at connect time) are checked before a single byte is read;
 * a foreign peer's channel is closed there and the refusal logged. The connector needs at least one acceptor
 * thread: without one, Jetty accepts inside the selector and never calls {@code configure}.
 */
final class PeerCheckedConnector extends UnixDomainServerConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCheckedConnector.class);

    private final UserPrincipal owner;

    PeerCheckedConnector(Server server, UserPrincipal owner, ConnectionFactory... factories) {
        super(server, 1, 1, factories);
        this.owner = owner;
    }

    @Override
    protected void configure(SocketChannel channel) throws IOException {
        UnixDomainPrincipal peer;
        try {
            peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            channel.close();
            LOG.warn("refused a management connection: its peer credentials could not be read ({})",
                    e.getClass().getSimpleName());
            throw new PeerRefused();
        }
        if (!owner.equals(peer.user())) {
            channel.close();
            LOG.warn("refused a management connection from user '{}' (group '{}'): only '{}' may use this socket",
                    peer.user().getName(), peer.group().getName(), owner.getName());
            throw new PeerRefused();
        }
        super.configure(channel);
    }

    /** A refusal is not an accept failure: carry on accepting at once instead of Jetty's pause after errors. */
    @Override
    protected boolean handleAcceptFailure(Throwable failure) {
        if (failure instanceof PeerRefused) {
            return isRunning();
        }
        return super.handleAcceptFailure(failure);
    }

    /** Thrown from {@link #configure} so that Jetty never registers the closed channel. */
    private static final class PeerRefused extends IOException {
        PeerRefused() {
            super("management connection refused: peer is another user", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
