package dev.gatehouse.proxy;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.routing.Namespace;
import java.util.Optional;

/**
 * The endpoint paths of the MCP plane and which servers each shows: {@code /mcp} every server, names prefixed;
 * {@code /s/NAME/mcp} one server under its own names; {@code /p/NAME/mcp} the servers of one profile, prefixed as on
 * {@code /mcp}. A session belongs to the endpoint it was opened on, so this also says which sessions hear of a
 * server's notifications and how they name its tools and tasks.
 */
final class Endpoints {

    static final String AGGREGATE = "/mcp";
    private static final String SERVER = "/s/";
    private static final String PROFILE = "/p/";
    private static final String SUFFIX = "/mcp";

    private Endpoints() {
    }

    /** The server of a {@code /s/NAME/mcp} path. */
    static Optional<String> server(String endpoint) {
        return between(endpoint, SERVER);
    }

    /** The profile of a {@code /p/NAME/mcp} path. */
    static Optional<String> profile(String endpoint) {
        return between(endpoint, PROFILE);
    }

    static String ofServer(String server) {
        return SERVER + server + SUFFIX;
    }

    /** Whether a session on {@code endpoint} sees {@code server} when {@code config} runs. */
    static boolean sees(String endpoint, String server, GatewayConfig config) {
        if (endpoint.equals(AGGREGATE)) {
            return true;
        }
        if (endpoint.equals(ofServer(server))) {
            return true;
        }
        return profile(endpoint).flatMap(config::profile).map(p -> p.includes(server)).orElse(false);
    }

    /** How a session on {@code endpoint} names what {@code server} offers. */
    static Namespace namespace(String endpoint, String server) {
        return server(endpoint).isPresent() ? new Namespace.Single(server) : new Namespace.Prefixed();
    }

    private static Optional<String> between(String endpoint, String prefix) {
        if (endpoint.startsWith(prefix) && endpoint.endsWith(SUFFIX)
                && endpoint.length() > prefix.length() + SUFFIX.length()) {
            return Optional.of(endpoint.substring(prefix.length(), endpoint.length() - SUFFIX.length()));
        }
        return Optional.empty();
    }
}
