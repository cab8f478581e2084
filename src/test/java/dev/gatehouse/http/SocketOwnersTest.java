package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketOwnersTest {

    @TempDir
    Path procNet;

    @Test
    void readsTheOwnerOfTheClientEndFromBothTables() throws Exception {
        // 127.0.0.1:50000 -> 127.0.0.1:9470 owned by 1000; [::1]:50001 -> [::1]:9470 owned by 1001.
        Files.writeString(procNet.resolve("tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:24FE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
                   1: 0100007F:C350 0100007F:24FE 01 00000000:00000000 00:00000000 00000000  1000        0 2 1
                   2: 0100007F:24FE 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1
                """);
        Files.writeString(procNet.resolve("tcp6"), """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000000000000000000001000000:C351 00000000000000000000000001000000:24FE 01 00000000:00000000 00:00000000 00000000  1001        0 4 1
                """);
        SocketOwners owners = new SocketOwners(procNet);
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        assertThat(owners.ownerOf(new InetSocketAddress(v4, 50000), new InetSocketAddress(v4, 9470)))
                .hasValue(1000);
        assertThat(owners.ownerOf(new InetSocketAddress(v6, 50001), new InetSocketAddress(v6, 9470)))
                .hasValue(1001);
        assertThat(owners.ownerOf(new InetSocketAddress(v4, 50002), new InetSocketAddress(v4, 9470))).isEmpty();
    }

    @Test
    void findsThisProcessAsTheOwnerOfARealLoopbackConnection() throws Exception {
        SocketOwners owners = SocketOwners.system();
        Assumptions.assumeTrue(owners.available(), "Linux socket tables");
        int ownUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            OptionalInt uid = owners.ownerOf((InetSocketAddress) accepted.getRemoteSocketAddress(),
                    (InetSocketAddress) accepted.getLocalSocketAddress());
            assertThat(uid).hasValue(ownUid);
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void theKernelsSocketDiagnosticsAgreeWithTheTables() throws Exception {
        SocketDiag diag = SocketDiag.linux();
        Assumptions.assumeTrue(diag != null && SocketOwners.system().available(), "Linux");
        int ownUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        for (String host : List.of("127.0.0.1", "::1")) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(host));
                 Socket client = new Socket(host, server.getLocalPort());
                 Socket accepted = server.accept()) {
                InetSocketAddress peer = (InetSocketAddress) accepted.getRemoteSocketAddress();
                InetSocketAddress local = (InetSocketAddress) accepted.getLocalSocketAddress();
                assertThat(diag.ownerOf(peer, local)).as(host).hasValue(ownUid);
                assertThat(diag.ownerOf(new InetSocketAddress(peer.getAddress(), 1), local)).as(host).isEmpty();
                assertThat(client.isConnected()).isTrue();
            }
        }
    }

    @Test
    void isUnavailableWithoutTables() {
        assertThat(new SocketOwners(procNet.resolve("missing")).available()).isFalse();
    }
}
