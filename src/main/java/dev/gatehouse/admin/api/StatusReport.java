package dev.gatehouse.admin.api;

import java.util.List;

/**
 * The gateway at a glance. Times are ISO-8601. {@code toolWarnings} lists the hidden-instruction marks found in
 * the servers' tools as last listed; {@code profiles} the configured profiles with their URLs.
 */
public record StatusReport(String version, long pid, String startedAt, long uptimeSeconds, String home,
                           String mcpUrl, int sessions, List<ServerSummary> servers, ConfigStatus config,
                           VaultStatus vault, CaptureStatus capture, List<ToolWarning> toolWarnings,
                           List<ProfileSummary> profiles) {
}
