package dev.gatehouse.admin.api;

/**
 * A mark of tool poisoning found in what a model reads of one tool: {@code flag} is stable
 * ({@code invisible_characters}, {@code tag_characters}, {@code bidi_controls}, {@code instruction_override},
 * {@code secrecy}, {@code file_access}, {@code exfiltration}), {@code description} says it for people.
 */
public record ToolWarning(String server, String tool, String flag, String description) {
}
