package dev.gatehouse.admin.api;

import java.util.List;

/**
 * One server in full. Environment variables and headers are listed by name only: their values may be
 * credentials. {@code command}/{@code args}/{@code cwd} are set for stdio servers, {@code url} for remote ones;
 * {@code serverName}/{@code serverVersion}/{@code protocolVersion} once it has answered {@code initialize};
 * {@code toolWarnings}: hidden-instruction marks in its tools as last listed.
 */
public record ServerDetail(ServerSummary summary, String command, List<String> args, List<String> envNames,
                           String cwd, String url, List<String> headerNames, long timeoutSeconds,
                           long healthCheckSeconds, long idleShutdownMinutes, String protocolVersion,
                           String serverName, String serverVersion, List<ToolWarning> toolWarnings) {
}
