package dev.gatehouse.admin.api;

import java.util.List;

/**
 * What an import did, or with {@code dryRun} would do: the files read, the plan as lines for people, the servers
 * added and the secrets moved into the vault. Names only: no line ever holds a value.
 */
public record ImportReport(boolean dryRun, List<String> sources, List<String> lines, List<String> servers,
                           List<String> secrets) {
}
