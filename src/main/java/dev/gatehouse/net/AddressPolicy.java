package dev.gatehouse.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the gateway may send a request (DESIGN invariant 7). Origins (host and port) the user wrote in
 * config.toml are trusted with whatever addresses they resolve to, since the user chose them (a server on the
 * office network is legitimate); the port is part of it, so a redirect cannot turn trust in a local server on
 * one port into a way to reach another local service. Every other origin — OAuth metadata, redirects, links a server hands back — must be https and
 * resolve only to public unicast addresses. Plain http is allowed only to a loopback host the user wrote.
 *
 * <p>The URL check here is half of it; the other half runs on the address actually connected to, in
 * {@link PinnedResolver}, so a DNS answer that changes between a check and the connect cannot slip through.
 *
 * <p>The trusted origins only grow ({@link #trust}): the gateway trusts each remote server's URL as it creates the
 * server's upstream, so a server added by a config reload is reached under the same rules.
 */
public final class AddressPolicy {

    private static final Set<String> REFUSED_SCHEMES = Set.of("file", "javascript", "data", "vbscript", "jar",
            "ftp", "gopher", "ws", "wss");

    private final Set<String> userOrigins;
    private final boolean loopbackDevelopment;

    private AddressPolicy(Set<String> userOrigins, boolean loopbackDevelopment) {
        this.userOrigins = userOrigins;
        this.loopbackDevelopment = loopbackDevelopment;
    }

    /**
     * This policy, also letting URLs the user did not write reach loopback hosts over plain http: development
     * only (an OAuth server and an MCP server both on this machine, as in tests and the conformance suite).
     * Private, link-local and metadata addresses stay refused. The two share the trusted origins.
     */
    public AddressPolicy allowingLoopbackDevelopment() {
        return new AddressPolicy(userOrigins, true);
    }

    /** A policy that trusts no host until {@link #trust}: every destination is one the user did not write. */
    public static AddressPolicy strict() {
        return new AddressPolicy(ConcurrentHashMap.newKeySet(), false);
    }

    /** A policy trusting the origins of these user-written URLs, each checked with {@link #checkUserUrl}. */
    public static AddressPolicy trusting(Collection<URI> userUrls) throws DestinationRefusedException {
        AddressPolicy policy = strict();
        for (URI url : userUrls) {
            policy.trust(url);
        }
        return policy;
    }

    /** Trusts the origin of one more URL the user wrote in config.toml, after {@link #checkUserUrl}. */
    public void trust(URI userUrl) throws DestinationRefusedException {
        checkUserUrl(userUrl);
        userOrigins.add(origin(userUrl.getHost(), port(userUrl)));
    }

    /**
     * A URL written in config.toml: https anywhere, or http to a loopback host (a server on this machine in
     * development). No user info: credentials belong in the vault, not in a URL that ends up in logs.
     */
    public static void checkUserUrl(URI url) throws DestinationRefusedException {
        String scheme = scheme(url);
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new DestinationRefusedException("a server URL needs a host and no user info");
        }
        if (scheme.equals("http") && !isLoopbackName(url.getHost())) {
            throw new DestinationRefusedException("plain http is allowed only to a loopback host, not "
                    + url.getHost() + "; use https");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new DestinationRefusedException("scheme '" + scheme + "' is not allowed; use https");
        }
    }

    /** Checks a URL before a request to it: its scheme, and plain http only to a user-written loopback host. */
    public void checkUrl(URI url) throws DestinationRefusedException {
        String scheme = scheme(url);
        if (REFUSED_SCHEMES.contains(scheme) || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new DestinationRefusedException("scheme '" + scheme + "' is never followed");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new DestinationRefusedException("URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new DestinationRefusedException("URL carries user info, which is never sent");
        }
        boolean trustedHttp = isUserOrigin(url.getHost(), port(url)) || loopbackDevelopment;
        if (scheme.equals("http") && !(trustedHttp && isLoopbackName(url.getHost()))) {
            throw new DestinationRefusedException("plain http to " + url.getHost()
                    + " is refused: http is allowed only to a loopback host written in config.toml");
        }
    }

    /** Checks one resolved address of {@code host}: the address the connection to {@code port} will go to. */
    public void checkAddress(String host, int port, InetAddress address) throws DestinationRefusedException {
        if (isUserOrigin(host, port)) {
            if (isLoopbackName(host) && !address.isLoopbackAddress()) {
                throw new DestinationRefusedException(host + " resolved to " + address.getHostAddress()
                        + ", which is not a loopback address");
            }
            if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
                throw new DestinationRefusedException(host + " resolved to " + address.getHostAddress()
                        + ", which no connection may go to");
            }
            return;
        }
        if (loopbackDevelopment && isLoopbackName(host) && address.isLoopbackAddress()) {
            return;
        }
        Optional<String> restriction = AddressRules.restriction(address);
        if (restriction.isPresent()) {
            throw new DestinationRefusedException(host + " resolved to " + address.getHostAddress() + ", a "
                    + restriction.get() + "; only public addresses are reached for URLs not in config.toml");
        }
    }

    /** Whether the user wrote this host and port in config.toml (the host without case or a trailing dot). */
    public boolean isUserOrigin(String host, int port) {
        return userOrigins.contains(origin(host, port));
    }

    /** Whether two URLs share scheme, host (without case or a trailing dot) and port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme()) && origin(a.getHost(), port(a))
                .equals(origin(b.getHost(), port(b)));
    }

    private static String origin(String host, int port) {
        return normalHost(host) + " " + port;
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }

    private static String scheme(URI url) throws DestinationRefusedException {
        if (url.getScheme() == null) {
            throw new DestinationRefusedException("URL is not absolute");
        }
        return url.getScheme().toLowerCase(Locale.ROOT);
    }

    private static boolean isLoopbackName(String host) {
        String name = normalHost(host);
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
                || name.startsWith("127.") && name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    static String normalHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }
}
