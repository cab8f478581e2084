package dev.gatehouse.admin.api;

/** One tool a server offers, under the server's own name (clients of {@code /mcp} see it as SERVER__NAME). */
public record ToolSummary(String name, String title, String description) {
}
