package dev.gatehouse.admin.api;

import java.util.List;

/** The tools just approved (pinned as they are now) and a sentence for people. */
public record ToolApprovalResult(String server, List<String> approved, String message) {
}
