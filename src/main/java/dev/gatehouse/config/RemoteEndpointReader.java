package dev.gatehouse.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the remote half of a {@code [servers.NAME]} table: {@code url}, {@code headers}, {@code transport}. Like
 * the rest of the loader it never echoes a string value, since a URL's query or a header may hold a credential.
 */
final class RemoteEndpointReader {

    static final List<String> KEYS = List.of("url", "headers", "transport");

    /** Headers the transports set for themselves; configuring one would break the protocol or the framing. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "accept",
            "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection",
            "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id");
    private static final String PARAM_HEADER_PREFIX = "mcp-param-";

    private RemoteEndpointReader() {
    }

    /** The endpoint, or empty when anything about it was reported (or {@code url} is absent). */
    static Optional<RemoteEndpoint> read(TableReader table, ProblemCollector problems) {
        int before = problems.count();
        Optional<URI> url = table.string("url").flatMap(text -> url(text, table, problems));
        Map<String, String> headers = table.stringTable("headers").orElse(Map.of());
        checkHeaders(headers, table, problems);
        RemoteEndpoint.Transport transport = table.string("transport")
                .flatMap(label -> transport(label, table, problems))
                .orElse(RemoteEndpoint.Transport.AUTO);
        if (problems.count() > before || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RemoteEndpoint(url.get(), headers, transport));
    }

    private static Optional<URI> url(String text, TableReader table, ProblemCollector problems) {
        List<String> at = table.pathOf("url");
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            problems.atValue(at, "'url' is not a valid URL (" + e.getReason() + ")");
            return Optional.empty();
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.atValue(at, "'url' must be an absolute https:// URL (http:// only to a loopback host)");
        } else if (url.getHost() == null) {
            problems.atValue(at, "'url' must name a host");
        } else if (url.getRawUserInfo() != null) {
            problems.atValue(at, "'url' must not carry a user name or password; put credentials in 'headers'");
        } else if (url.getRawFragment() != null) {
            problems.atValue(at, "'url' must not have a #fragment");
        } else if (scheme.equals("http") && !isLoopback(url.getHost())) {
            problems.atValue(at, "'url' must use https: plain http is allowed only to a loopback host"
                    + " (localhost, 127.0.0.1, [::1])");
        } else {
            return Optional.of(url);
        }
        return Optional.empty();
    }

    /** Loopback by name or literal address only: resolving a name here would make loading depend on DNS. */
    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.contains(":") && !bare.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void checkHeaders(Map<String, String> headers, TableReader table, ProblemCollector problems) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            List<String> at = table.pathOf("headers", name);
            if (name.isEmpty() || !name.chars().allMatch(RemoteEndpointReader::isTokenChar)) {
                problems.atKey(at, "invalid header name '" + printable(name) + "': use letters, digits and"
                        + " !#$%&'*+-.^_`|~ only");
            } else if (RESERVED.contains(lower) || lower.startsWith(PARAM_HEADER_PREFIX)) {
                problems.atKey(at, "header '" + name + "' is set by the MCP transport itself and cannot be"
                        + " configured");
            } else if (!seen.add(lower)) {
                problems.atKey(at, "header '" + name + "' is configured twice (names ignore case)");
            }
            if (!header.getValue().chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
                problems.atValue(at, "the value of header '" + printable(name) + "' must be printable ASCII"
                        + " (no line breaks or control characters)");
            }
        }
    }

    private static Optional<RemoteEndpoint.Transport> transport(String label, TableReader table,
                                                                ProblemCollector problems) {
        Optional<RemoteEndpoint.Transport> transport = RemoteEndpoint.Transport.fromLabel(label);
        if (transport.isEmpty()) {
            problems.atValue(table.pathOf("transport"), "'transport' must be one of: auto, streamable-http, sse");
        }
        return transport;
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String printable(String text) {
        return text.replaceAll("[^\\x21-\\x7E]", "?");
    }
}
