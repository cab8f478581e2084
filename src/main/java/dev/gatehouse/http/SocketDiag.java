package dev.gatehouse.http;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * Asks the Linux kernel who owns one TCP socket, through a netlink {@code sock_diag} request for exactly that
 * connection (what {@code ss} uses). Unlike reading {@code /proc/net/tcp6}, whose cost grows with every socket on
 * the machine, this is one small exchange per connection. Native calls go through the FFM API; on any failure the
 * answer is empty and the caller falls back to the socket tables.
 */
final class SocketDiag {

    private static final int AF_NETLINK = 16;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLMSG_ERROR = 2;
    private static final int IPPROTO_TCP = 6;
    private static final int REQUEST_BYTES = 16 + 56;
    /** nlmsghdr (16) + family, state, timer, retrans (4) + sockid (48) + expires, rqueue, wqueue (12). */
    private static final int UID_OFFSET = 16 + 4 + 48 + 12;
    private static final ValueLayout.OfShort BIG_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.BIG_ENDIAN);

    private final MethodHandle socket;
    private final MethodHandle send;
    private final MethodHandle recv;
    private final MethodHandle close;

    private SocketDiag(Linker linker) {
        var libc = linker.defaultLookup();
        socket = linker.downcallHandle(libc.findOrThrow("socket"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        send = linker.downcallHandle(libc.findOrThrow("send"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        recv = linker.downcallHandle(libc.findOrThrow("recv"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        close = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    }

    /** The kernel's diagnostics, where this is Linux and native calls are allowed; else null. */
    static SocketDiag linux() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        try {
            return new SocketDiag(Linker.nativeLinker());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * The uid owning the socket at {@code client} connected to {@code server}, looked up as IPv6 (Java's own
     * dual-stack sockets, IPv4 addresses mapped) and, for IPv4 addresses, as IPv4 (plain IPv4 sockets).
     */
    OptionalInt ownerOf(InetSocketAddress client, InetSocketAddress server) {
        OptionalInt uid = query(AF_INET6, client, server);
        if (uid.isEmpty() && client.getAddress() instanceof Inet4Address) {
            uid = query(AF_INET, client, server);
        }
        return uid;
    }

    private OptionalInt query(int family, InetSocketAddress client, InetSocketAddress server) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) socket.invokeExact(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
            if (fd < 0) {
                return OptionalInt.empty();
            }
            try {
                MemorySegment request = request(arena, family, client, server);
                if ((long) send.invokeExact(fd, request, (long) REQUEST_BYTES, 0) != REQUEST_BYTES) {
                    return OptionalInt.empty();
                }
                MemorySegment reply = arena.allocate(8192);
                long received = (long) recv.invokeExact(fd, reply, reply.byteSize(), 0);
                if (received < UID_OFFSET + 4 || reply.get(ValueLayout.JAVA_SHORT, 4) == NLMSG_ERROR
                        || reply.get(ValueLayout.JAVA_SHORT, 4) != SOCK_DIAG_BY_FAMILY) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(reply.get(ValueLayout.JAVA_INT, UID_OFFSET));
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }

    /** nlmsghdr followed by inet_diag_req_v2 naming the one connection; no dump, exact match. */
    private static MemorySegment request(Arena arena, int family, InetSocketAddress client,
                                         InetSocketAddress server) {
        MemorySegment m = arena.allocate(REQUEST_BYTES);
        m.set(ValueLayout.JAVA_INT, 0, REQUEST_BYTES);
        m.set(ValueLayout.JAVA_SHORT, 4, (short) SOCK_DIAG_BY_FAMILY);
        m.set(ValueLayout.JAVA_SHORT, 6, (short) NLM_F_REQUEST);
        m.set(ValueLayout.JAVA_BYTE, 16, (byte) family);
        m.set(ValueLayout.JAVA_BYTE, 17, (byte) IPPROTO_TCP);
        m.set(ValueLayout.JAVA_INT, 20, -1);
        m.set(BIG_SHORT, 24, (short) client.getPort());
        m.set(BIG_SHORT, 26, (short) server.getPort());
        MemorySegment.copy(MemorySegment.ofArray(address(family, client.getAddress())), 0, m, 28, 16);
        MemorySegment.copy(MemorySegment.ofArray(address(family, server.getAddress())), 0, m, 44, 16);
        m.set(ValueLayout.JAVA_INT, 64, -1);
        m.set(ValueLayout.JAVA_INT, 68, -1);
        return m;
    }

    /** 16 bytes: an IPv4 address first for AF_INET, IPv4-mapped for AF_INET6. */
    private static byte[] address(int family, InetAddress address) {
        byte[] raw = address.getAddress();
        byte[] out = new byte[16];
        if (raw.length == 16) {
            System.arraycopy(raw, 0, out, 0, 16);
        } else if (family == AF_INET) {
            System.arraycopy(raw, 0, out, 0, 4);
        } else {
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(raw, 0, out, 12, 4);
        }
        return out;
    }
}
