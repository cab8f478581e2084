package dev.gatehouse.proxy;

import java.util.List;
import java.util.Map;

/**
 * What the HTTP plane knows about a request that the capture records: its headers and where the plane tells the
 * reply's (both null unless the capture runs, so nothing is copied or held when it cannot be kept) and its body's
 * size on the wire.
 */
public record HttpRequestFacts(List<Map.Entry<String, String>> headers, long bodyBytes, ReplyCapture reply) {
}
