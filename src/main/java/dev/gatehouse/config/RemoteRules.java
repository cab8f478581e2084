package dev.gatehouse.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a remote server's {@code url} and {@code headers} may hold, shared by the config loader and
 * {@code gatehouse probe}. Header values may be credentials, so no message ever echoes one.
 */
public final class RemoteRules {

    /**
     * Headers the transports set for themselves, and hop-by-hop headers (RFC 9110 §7.6.1), which describe one
     * connection: configuring one would break the protocol or the framing, or hand a proxy's credential to the
     * server.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type", "accept",
            "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection",
            "proxy-authorization", "proxy-authenticate",
            "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id");

    private RemoteRules() {
    }

    /**
     * Why {@code url} cannot name a remote server, or empty when it can: https anywhere, plain http only to a
     * loopback host, a host, no user info (credentials belong in headers), no fragment. Never echoes the URL.
     */
    public static Optional<String> problemWithUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an absolute https:// URL (http:// only to a loopback host)");
        }
        if (url.getHost() == null) {
            return Optional.of("must name a host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password; put credentials in headers");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("must not have a #fragment");
        }
        if (scheme.equals("http") && !isLoopback(url.getHost())) {
            return Optional.of("must use https: plain http is allowed only to a loopback host (localhost,"
                    + " 127.0.0.1, [::1])");
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

    /** Why a header name cannot be configured: not an RFC 9110 token, or one the MCP transport sets itself. */
    public static Optional<String> problemWithHeaderName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || !name.chars().allMatch(RemoteRules::isTokenChar)) {
            return Optional.of("invalid header name '" + name.replaceAll("[^\\x21-\\x7E]", "?")
                    + "': use letters, digits and !#$%&'*+-.^_`|~ only");
        }
        if (RESERVED_HEADERS.contains(lower) || lower.startsWith("mcp-param-")) {
            return Optional.of("header '" + name + "' is set by the MCP transport itself and cannot be configured");
        }
        return Optional.empty();
    }

    /** Why a header value cannot be sent: only printable ASCII. Never echoes the value, which may be a credential. */
    public static Optional<String> problemWithHeaderValue(String name, String value) {
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            return Optional.of("the value of header '" + name.replaceAll("[^\\x21-\\x7E]", "?")
                    + "' must be printable ASCII (no line breaks or control characters)");
        }
        return Optional.empty();
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
