package dev.gatehouse.admin.api;

import java.util.List;

/**
 * What {@code gatehouse import} asks the gateway to read: exactly one of {@code client} (one of {@link #CLIENTS},
 * looked for where that client keeps its config) and {@code file} (an absolute path to a client config file).
 * {@code workingDirectory} is the caller's, for project-scoped files ({@code .cursor/mcp.json}, {@code .mcp.json},
 * {@code .vscode/mcp.json}). With {@code dryRun} nothing is written.
 */
public record ImportRequest(String client, String file, String workingDirectory, boolean dryRun) {

    /** The clients the gateway knows how to import from. */
    public static final List<String> CLIENTS = List.of("claude-desktop", "cursor", "vscode", "claude-code");
}
