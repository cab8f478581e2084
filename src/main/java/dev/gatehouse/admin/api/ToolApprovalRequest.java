package dev.gatehouse.admin.api;

/** The body of {@code POST /api/tools/SERVER/approve}: one tool by its server's own name, or null for all. */
public record ToolApprovalRequest(String tool) {
}
