package dev.gatehouse.bridge;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Where the bridge sends MCP traffic: a loopback address, the {@code Host} it names, the endpoint's path, and
 * the plane token's current value (null when there is none).
 */
record PlaneAddress(InetSocketAddress address, String host, String path, Supplier<String> token) {
}
