package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.LimitCounters;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN invariant 1: the MCP plane binds loopback only. */
class McpPlaneBindTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "192.168.1.10", "fe80::1"})
    void refusesToBindAnAddressThatIsNotLoopback(String address) {
        try (BareGateway bare = new BareGateway()) {
            assertThatThrownBy(() -> McpPlane.start(bare.gateway, bare.codec, new PlaneOptions(1 << 20, 16 * 1024,
                    4, new LimitCounters(), false, null), 0, List.of(InetAddress.getByName(address)),
                    new PeerCheck(null, SocketOwners.system(), 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("loopback");
        }
    }
}
