package dev.gatehouse.admin.api;

import java.util.List;

/** The gateway at a glance. Times are ISO-8601. */
public record StatusReport(String version, long pid, String startedAt, long uptimeSeconds, String home,
                           String mcpUrl, int sessions, List<ServerSummary> servers, ConfigStatus config,
                           VaultStatus vault, CaptureStatus capture) {
}
