package dev.gatehouse.proxy;

import java.util.List;
import java.util.Map;

/**
 * What the HTTP plane knows about a request that the capture records: its headers (null unless some server is
 * captured in full, so the copy is only made when it can be kept) and its body's size on the wire.
 */
public record HttpRequestFacts(List<Map.Entry<String, String>> headers, long bodyBytes) {
}
