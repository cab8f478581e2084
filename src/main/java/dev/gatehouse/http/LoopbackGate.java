package dev.gatehouse.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The DNS-rebinding and cross-site gate in front of every loopback request. A web page can make a browser send
 * requests to 127.0.0.1; its Host (after rebinding) or its Origin gives it away. Both headers are parsed, never
 * prefix-matched: {@code Host} must be exactly one loopback name with an optional port, and {@code Origin}, when
 * present, exactly one http(s) origin on a loopback name. Duplicates and comma-joined values are refused because
 * different components may read different copies.
 */
public final class LoopbackGate {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    /** Why the request is refused, or empty when it may pass. */
    public Optional<String> refuse(HttpFields headers) {
        List<String> hosts = headers.getValuesList(HttpHeader.HOST);
        if (hosts.size() != 1) {
            return Optional.of(hosts.isEmpty() ? "missing Host header" : "duplicate Host headers");
        }
        if (!isLoopbackAuthority(hosts.getFirst())) {
            return Optional.of("Host is not a loopback name");
        }
        List<String> origins = headers.getValuesList(HttpHeader.ORIGIN);
        if (origins.size() > 1) {
            return Optional.of("duplicate Origin headers");
        }
        if (origins.size() == 1 && !isLoopbackOrigin(origins.getFirst())) {
            return Optional.of("Origin is not a loopback origin");
        }
        return Optional.empty();
    }

    /** {@code host} or {@code host:port}, where host is a loopback name and port a decimal number. */
    static boolean isLoopbackAuthority(String authority) {
        String value = authority.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.contains(",")) {
            return false;
        }
        String host = value;
        int portAt = value.startsWith("[") ? value.indexOf("]:") + 1 : value.lastIndexOf(':');
        if (portAt > 0) {
            host = value.substring(0, portAt);
            if (!isPort(value.substring(portAt + 1))) {
                return false;
            }
        }
        return LOOPBACK_HOSTS.contains(host);
    }

    /** ASCII digits only: {@link Character#isDigit} and {@link Integer#parseInt} also take other scripts' digits. */
    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port > 0 && port <= 65535;
    }

    static boolean isLoopbackOrigin(String origin) {
        String value = origin.strip();
        if (value.contains(",") || value.contains(" ")) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
            if (!(scheme.equals("http") || scheme.equals("https")) || !bare || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getHost() == null) {
                return false;
            }
            String authority = uri.getRawAuthority();
            return authority != null && isLoopbackAuthority(authority);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
