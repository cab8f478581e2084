package dev.gatehouse.admin.api;

import java.util.List;
import java.util.Map;

/**
 * A server to add, or the new definition of one to update: exactly one of {@code command} and {@code url}.
 * Absent optional fields take the config defaults. Every key a {@code [servers.NAME]} table may hold has a field
 * here, so nothing a person can write in config.toml is out of reach of the API.
 */
public record ServerSpec(String name, String command, List<String> args, Map<String, String> env, String cwd,
                         String era, String url, Map<String, String> headers, String transport, String auth,
                         OAuthClient oauth, Boolean enabled, Long timeoutSeconds, String start,
                         Long healthCheckSeconds, Long idleShutdownMinutes, String capture, List<String> allowTools,
                         List<String> denyTools, String approveNewTools) {

    /**
     * The {@code [servers.NAME.oauth]} table: a pre-registered client, its secret as a vault name (never the
     * secret itself), a Client ID Metadata Document URL, and the scopes to ask for.
     */
    public record OAuthClient(String clientId, String clientSecret, String clientMetadataUrl, List<String> scopes) {
    }
}
