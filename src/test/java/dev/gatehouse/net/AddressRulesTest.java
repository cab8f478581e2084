package dev.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address classification by bytes: only these tables are consulted, nothing here connects anywhere. */
class AddressRulesTest {

    private static InetAddress literal(String text) throws UnknownHostException {
        // A literal never touches DNS.
        return InetAddress.getByName(text);
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0|unspecified",
            "0.1.2.3|unspecified",
            "10.0.0.1|private",
            "10.255.255.255|private",
            "172.16.0.1|private",
            "172.31.255.254|private",
            "192.168.1.1|private",
            "100.64.0.1|carrier-grade NAT",
            "100.127.255.254|carrier-grade NAT",
            "127.0.0.1|loopback",
            "127.53.0.9|loopback",
            "169.254.169.254|link-local",
            "169.254.0.1|link-local",
            "192.0.0.192|IETF special-purpose",
            "192.0.2.1|IETF special-purpose",
            "192.88.99.1|6to4 relay",
            "198.18.0.1|benchmarking",
            "198.51.100.7|documentation",
            "203.0.113.9|documentation",
            "224.0.0.1|multicast",
            "239.255.255.250|multicast",
            "240.0.0.1|reserved",
            "255.255.255.255|reserved",
            "::|unspecified",
            "::1|loopback",
            "::ffff:127.0.0.1|loopback",
            "::ffff:169.254.169.254|link-local",
            "::ffff:10.1.2.3|private",
            "::127.0.0.1|IPv4-compatible",
            "::8.8.8.8|IPv4-compatible",
            "::ffff:0:10.0.0.1|IPv4-translated address embedding a private",
            "64:ff9b::a9fe:a9fe|NAT64 address embedding a link-local",
            "64:ff9b::7f00:1|NAT64 address embedding a loopback",
            "64:ff9b:1::1|not a global unicast",
            "2002:7f00:1::|6to4 address embedding a loopback",
            "2002:a9fe:a9fe::1|6to4 address embedding a link-local",
            "2002:c0a8:0101::1|6to4 address embedding a private",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe|Teredo client address embedding a private",
            "2001:0:a00:1::1|Teredo server address embedding a private",
            "2001:2::1|IETF protocol assignment",
            "2001:db8::1|documentation",
            "fc00::1|unique local",
            "fd00:ec2::254|unique local",
            "fd12:3456::1|unique local",
            "fe80::1|link-local",
            "febf::1|link-local",
            "fec0::1|not a global unicast",
            "ff02::1|multicast",
            "ff0e::1|multicast",
            "100::1|not a global unicast",
            "4000::1|not a global unicast",
    })
    void refusesEverySpecialPurposeAddress(String address, String reason) throws UnknownHostException {
        assertThat(AddressRules.restriction(literal(address))).as(address).hasValueSatisfying(
                why -> assertThat(why).contains(reason));
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.1.1", "192.0.1.1", "198.20.0.1", "223.255.255.254", "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e", "2001:4860:4860::8888", "2002:808:808::1",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "64:ff9b::808:808", "::ffff:8.8.8.8"})
    void letsPublicUnicastAddressesPass(String address) throws UnknownHostException {
        assertThat(AddressRules.restriction(literal(address))).as(address).isEmpty();
    }
}
