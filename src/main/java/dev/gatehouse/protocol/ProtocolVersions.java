package dev.gatehouse.protocol;

import java.util.List;

/** The legacy-era protocol revisions this gateway speaks, newest first. */
public final class ProtocolVersions {

    public static final String LATEST = "2025-11-25";
    /** What a Streamable HTTP server assumes when a request carries no MCP-Protocol-Version header. */
    public static final String HTTP_DEFAULT = "2025-03-26";
    public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /**
     * Whether clients of this version expect SSE priming events (an id with empty data, SEP-1699). Older clients
     * may treat the empty event as a malformed message, as the official Java SDK 0.17 does.
     */
    public static boolean expectsPrimingEvents(String version) {
        int index = SUPPORTED.indexOf(version);
        return index >= 0 && index <= SUPPORTED.indexOf("2025-11-25");
    }

    /** The version to answer a client that asked for {@code requested}: the same if known, else the latest. */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }
}
