package dev.gatehouse.protocol;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vocabulary of MCP 2026-07-28 ("modern"): no session, every request carries its protocol version and client
 * capabilities in {@code _meta}, and a few new error codes.
 */
public final class ModernEra {

    public static final String VERSION = "2026-07-28";
    /** Every version a dual-era endpoint speaks, newest first, as {@code server/discover} reports them. */
    public static final List<String> ALL_VERSIONS = List.of(VERSION, "2025-11-25", "2025-06-18", "2025-03-26",
            "2024-11-05");

    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    public static final String DISCOVER = "server/discover";
    public static final String SUBSCRIPTIONS_LISTEN = "subscriptions/listen";
    public static final String SUBSCRIPTIONS_ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    public static final int HEADER_MISMATCH = -32020;
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    /** Legacy methods the modern era removed; a modern request for one is "method not found". */
    public static final List<String> REMOVED_METHODS = List.of(McpMethods.INITIALIZE, McpMethods.PING,
            McpMethods.LOGGING_SET_LEVEL, McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE);

    private static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error",
            "critical", "alert", "emergency");

    private ModernEra() {
    }

    /** The request's {@code _meta}, or null. */
    public static ObjectNode meta(ObjectNode params) {
        return params != null && params.get("_meta") instanceof ObjectNode meta ? meta : null;
    }

    /** Whether a log message of {@code level} passes a request's {@code logLevel} (none means no logs at all). */
    public static boolean logPasses(String requested, JsonNode messageLevel) {
        if (requested == null) {
            return false;
        }
        int threshold = LOG_LEVELS.indexOf(requested);
        int level = LOG_LEVELS.indexOf(messageLevel == null ? "" : messageLevel.asString(""));
        return threshold >= 0 && level >= threshold;
    }
}
