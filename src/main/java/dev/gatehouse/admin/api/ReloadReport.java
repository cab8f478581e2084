package dev.gatehouse.admin.api;

import java.util.List;

/** The outcome of applying config.toml: the servers it touched, or the problems that kept the old config. */
public record ReloadReport(boolean applied, List<String> added, List<String> removed, List<String> changed,
                           List<ConfigProblemView> problems) {
}
