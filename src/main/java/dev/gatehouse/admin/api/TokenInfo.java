package dev.gatehouse.admin.api;

/**
 * The MCP plane's bearer token. {@code token} is set only in the answer to {@code GET /api/token}, which only the
 * gateway's own user can ask (the management socket checks its peer); {@code required} says whether every MCP
 * request must carry it ({@code [gateway] require_token}; otherwise it is needed only where the peer's user cannot
 * be identified).
 */
public record TokenInfo(String token, String file, boolean required, String message) {
}
