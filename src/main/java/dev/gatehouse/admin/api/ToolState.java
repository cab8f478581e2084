package dev.gatehouse.admin.api;

import java.util.List;

/**
 * One tool of a server against its pinned approval. {@code state} is {@code approved}, {@code changed} (its
 * definition differs from the approved one) or {@code new} (never approved); {@code hidden} says whether clients
 * are kept from it until it is approved. {@code diff} is a readable line diff of the {@code changedFields}
 * (name, title, description, inputSchema, outputSchema, annotations), invisible characters shown as {@code <U+XXXX>}.
 */
public record ToolState(String name, String state, boolean hidden, String approvedAt, List<String> changedFields,
                        List<String> diff, List<ToolWarning> warnings) {
}
