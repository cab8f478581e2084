package dev.gatehouse.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which IP addresses are not on the public internet, and why. An address is judged by its bytes, never by its
 * text, and an IPv4 address embedded in an IPv6 one (mapped, compatible, NAT64, 6to4, Teredo) is judged as the
 * IPv4 address it reaches. IPv6 is an allowlist: only global unicast (2000::/3) outside its special blocks passes.
 */
final class AddressRules {

    private AddressRules() {
    }

    /** Why {@code address} is not a public unicast address, or empty when it is. */
    static Optional<String> restriction(InetAddress address) {
        byte[] b = address.getAddress();
        return switch (address) {
            case Inet4Address ignored -> ipv4(b);
            case Inet6Address ignored -> ipv6(b);
            default -> Optional.of("unknown address family");
        };
    }

    private static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return reason("unspecified (0.0.0.0/8) address");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return reason("private (RFC 1918) address");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return reason("carrier-grade NAT (100.64.0.0/10) address");
        }
        if (a0 == 127) {
            return reason("loopback address");
        }
        if (a0 == 169 && a1 == 254) {
            return reason("link-local address (169.254.0.0/16, where cloud metadata services live)");
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
            return reason("IETF special-purpose address (192.0.0.0/24 or 192.0.2.0/24)");
        }
        if (a0 == 192 && a1 == 88 && a2 == 99) {
            return reason("6to4 relay anycast address");
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return reason("benchmarking (198.18.0.0/15) address");
        }
        if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return reason("documentation address");
        }
        if ((a0 & 0xf0) == 224) {
            return reason("multicast address");
        }
        if ((a0 & 0xf0) == 240) {
            return reason("reserved or broadcast (240.0.0.0/4) address");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        if (zero(b, 0, 16)) {
            return reason("unspecified address (::)");
        }
        if (zero(b, 0, 15) && b[15] == 1) {
            return reason("loopback address (::1)");
        }
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded("IPv4-mapped", b, 12, false);
        }
        if (zero(b, 0, 12)) {
            return reason("IPv4-compatible address (::/96, deprecated)");
        }
        if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            return embedded("IPv4-translated", b, 12, false);
        }
        int first = word(b, 0);
        int second = word(b, 2);
        if (first == 0x0064 && second == 0xff9b && zero(b, 4, 12)) {
            return embedded("NAT64", b, 12, false);
        }
        if (first == 0x2002) {
            return embedded("6to4", b, 2, false);
        }
        if (first == 0x2001 && second == 0x0000) {
            Optional<String> server = embedded("Teredo server", b, 4, false);
            return server.isPresent() ? server : embedded("Teredo client", b, 12, true);
        }
        if (first == 0x2001 && second < 0x0200) {
            return reason("IETF protocol assignment (2001::/23)");
        }
        if (first == 0x2001 && second == 0x0db8) {
            return reason("documentation address (2001:db8::/32)");
        }
        if ((first & 0xfe00) == 0xfc00) {
            return reason("unique local address (fc00::/7, incl. fd00:ec2::254 cloud metadata)");
        }
        if ((first & 0xffc0) == 0xfe80) {
            return reason("link-local address (fe80::/10)");
        }
        if ((first & 0xff00) == 0xff00) {
            return reason("multicast address");
        }
        if ((first & 0xe000) != 0x2000) {
            return reason("not a global unicast address (outside 2000::/3)");
        }
        return Optional.empty();
    }

    /** The IPv4 address at {@code offset} (bitwise inverted for Teredo clients), judged on its own. */
    private static Optional<String> embedded(String kind, byte[] b, int offset, boolean inverted) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) (inverted ? ~b[offset + i] : b[offset + i]);
        }
        return ipv4(v4).map(why -> kind + " address embedding a " + why);
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static Optional<String> reason(String why) {
        return Optional.of(why);
    }
}
