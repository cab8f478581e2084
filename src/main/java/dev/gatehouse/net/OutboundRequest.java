package dev.gatehouse.net;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A request the gateway itself sends, before redirects. {@code headers} are the gateway's own (for example the
 * server's credential from the vault), checked by {@link HeaderPolicy#check} before sending; {@code body} may be
 * null. The response body is cut at {@code maxResponseBytes}.
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, String contentType,
                              Duration timeout, int maxResponseBytes) {

    public OutboundRequest {
        if (method == null || uri == null || timeout == null || maxResponseBytes < 1) {
            throw new IllegalArgumentException("an outbound request needs a method, a URL, a timeout and a size cap");
        }
        headers = Map.copyOf(headers);
        headers.forEach(HeaderPolicy::check);
    }

    public static OutboundRequest get(URI uri, Duration timeout, int maxResponseBytes) {
        return new OutboundRequest("GET", uri, Map.of(), null, null, timeout, maxResponseBytes);
    }
}
