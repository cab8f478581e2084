package dev.gatehouse.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution, injectable so tests can play a rebinding DNS server. */
@FunctionalInterface
public interface HostLookup {

    /** The system resolver (hosts file, then DNS). */
    HostLookup SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> lookup(String host) throws UnknownHostException;
}
