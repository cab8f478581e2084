package dev.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example.com/mcp", "http://localhost:3001/mcp", "http://127.0.0.1/mcp",
            "http://[::1]:8080/mcp", "https://10.1.2.3/mcp", "http://mcp.localhost/mcp"})
    void acceptsTheUrlsAUserMayWrite(String url) {
        assertThatCode(() -> AddressPolicy.checkUserUrl(URI.create(url))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://mcp.example.com/mcp", "http://10.0.0.1/mcp", "ftp://example.com/",
            "https://user:secret@example.com/", "file:///tmp/x", "mcp.example.com/mcp", "http://127.evil.com/"})
    void refusesUserUrlsThatAreNotHttpsOrLoopbackHttp(String url) {
        assertThatThrownBy(() -> AddressPolicy.checkUserUrl(URI.create(url)))
                .isInstanceOf(DestinationRefusedException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void trustsAUserWrittenHostWithAnyRoutableAddressButNeverUnspecifiedOrMulticast() throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(List.of(URI.create("https://intranet.corp.")));
        assertThatCode(() -> policy.checkAddress("INTRANET.corp", 443, InetAddress.getByName("10.1.2.3")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.checkAddress("intranet.corp", 443, InetAddress.getByName("0.0.0.0")))
                .isInstanceOf(DestinationRefusedException.class);
        assertThatThrownBy(() -> policy.checkAddress("intranet.corp", 443, InetAddress.getByName("224.0.0.1")))
                .isInstanceOf(DestinationRefusedException.class);
    }

    @Test
    void aUserWrittenLocalhostMustResolveToLoopback() throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(List.of(URI.create("http://localhost:3001/mcp")));
        assertThatThrownBy(() -> policy.checkAddress("localhost", 3001, InetAddress.getByName("10.0.0.5")))
                .isInstanceOf(DestinationRefusedException.class);
        assertThatCode(() -> policy.checkAddress("localhost", 3001, InetAddress.getByName("127.0.0.1")))
                .doesNotThrowAnyException();
    }

    @Test
    void trustIsPerOriginSoAnotherPortOfAUserWrittenHostIsNotTrusted() throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(List.of(URI.create("http://127.0.0.1:3001/mcp")));
        assertThatCode(() -> policy.checkUrl(URI.create("http://127.0.0.1:3001/other"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.checkUrl(URI.create("http://127.0.0.1:6379/")))
                .isInstanceOf(DestinationRefusedException.class);
        assertThatThrownBy(() -> policy.checkAddress("127.0.0.1", 6379, InetAddress.getByName("127.0.0.1")))
                .isInstanceOf(DestinationRefusedException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void aDiscoveredHostNeverReachesPrivateAddresses() throws Exception {
        AddressPolicy policy = AddressPolicy.trusting(List.of(URI.create("https://intranet.corp")));
        assertThatThrownBy(() -> policy.checkAddress("auth.intranet.corp", 443, InetAddress.getByName("10.1.2.3")))
                .isInstanceOf(DestinationRefusedException.class)
                .hasMessageContaining("private");
    }

    @Test
    void loopbackDevelopmentLetsDiscoveredUrlsReachLoopbackOnlyNeverPrivateOrMetadataAddresses() throws Exception {
        AddressPolicy policy = AddressPolicy.strict().allowingLoopbackDevelopment();
        assertThatCode(() -> policy.checkUrl(URI.create("http://127.0.0.1:9000/authorize")))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.checkAddress("localhost", 9000, InetAddress.getByName("127.0.0.1")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.checkUrl(URI.create("http://169.254.169.254/latest")))
                .isInstanceOf(DestinationRefusedException.class);
        assertThatThrownBy(() -> policy.checkAddress("metadata.example", 443, InetAddress.getByName("169.254.169.254")))
                .isInstanceOf(DestinationRefusedException.class);
        assertThatThrownBy(() -> policy.checkAddress("localhost", 443, InetAddress.getByName("10.0.0.5")))
                .isInstanceOf(DestinationRefusedException.class);
        assertThatThrownBy(() -> AddressPolicy.strict().checkUrl(URI.create("http://127.0.0.1:9000/authorize")))
                .isInstanceOf(DestinationRefusedException.class);
    }
}
