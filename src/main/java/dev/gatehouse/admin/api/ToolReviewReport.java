package dev.gatehouse.admin.api;

import java.util.List;

/**
 * A server's tools against their approvals. {@code approveNewTools} is the mode that applies to it
 * ({@code auto} or {@code manual}); {@code error} is set, and {@code tools} empty, when its tools could not be read.
 */
public record ToolReviewReport(String server, String approveNewTools, List<ToolState> tools, String error) {
}
