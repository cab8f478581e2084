package dev.gatehouse.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the user that owns the client end of a loopback TCP connection, from the kernel's socket tables
 * ({@code /proc/net/tcp} and {@code /proc/net/tcp6}). Both ends of a loopback connection are listed there; the
 * client's end is the entry whose local address is the client's and whose remote address is ours, and its
 * {@code uid} column is the owner. Addresses in these files are 32-bit words in host byte order (little-endian
 * on every Linux this runs on), ports in big-endian hex.
 */
final class SocketOwners {

    private final Path procNet;

    SocketOwners(Path procNet) {
        this.procNet = procNet;
    }

    /** The kernel's tables, when this is Linux. */
    static SocketOwners system() {
        return new SocketOwners(Path.of("/proc/net"));
    }

    boolean available() {
        return Files.isReadable(procNet.resolve("tcp")) || Files.isReadable(procNet.resolve("tcp6"));
    }

    /** The uid owning the socket at {@code client} connected to {@code server}, or empty if not found. */
    OptionalInt ownerOf(InetSocketAddress client, InetSocketAddress server) throws IOException {
        for (String table : List.of("tcp", "tcp6")) {
            Path file = procNet.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                OptionalInt uid = match(line.strip().split("\\s+"), client, server);
                if (uid.isPresent()) {
                    return uid;
                }
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt match(String[] columns, InetSocketAddress client, InetSocketAddress server) {
        if (columns.length < 8 || !columns[0].endsWith(":")) {
            return OptionalInt.empty();
        }
        try {
            if (same(columns[1], client) && same(columns[2], server)) {
                return OptionalInt.of(Integer.parseInt(columns[7]));
            }
        } catch (IllegalArgumentException | UnknownHostException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    private static boolean same(String hexAddressPort, InetSocketAddress expected) throws UnknownHostException {
        int colon = hexAddressPort.indexOf(':');
        int port = Integer.parseInt(hexAddressPort.substring(colon + 1), 16);
        // An IPv4-mapped IPv6 address in tcp6 parses to its IPv4 address, so both spellings compare equal.
        return port == expected.getPort()
                && Arrays.equals(parse(hexAddressPort.substring(0, colon)).getAddress(),
                expected.getAddress().getAddress());
    }

    /** Each 8-hex-digit group is one 32-bit word in little-endian order. */
    static InetAddress parse(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
