package dev.gatehouse.config;

/**
 * The security switches of the {@code [gateway]} table. {@code requireToken} makes the MCP plane demand the
 * bearer token from the home's token file even where the peer's user can be identified; {@code approveNewTools}
 * says whether a tool seen for the first time is pinned at once or waits for approval.
 */
public record SecuritySettings(boolean requireToken, ToolApproval approveNewTools) {

    public static final SecuritySettings DEFAULTS = new SecuritySettings(false, ToolApproval.AUTO);

    public SecuritySettings {
        if (approveNewTools == null) {
            throw new IllegalArgumentException("approveNewTools must be set");
        }
    }
}
