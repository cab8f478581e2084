package dev.gatehouse.admin.api;

import java.util.List;

/** The last lines a server wrote on stderr, oldest first, with the values its config hands it redacted. */
public record ServerLogs(String server, List<String> lines) {
}
