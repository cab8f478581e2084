package dev.gatehouse.admin.api;

import java.util.List;

/** Whether a candidate config would load, and if not every problem in it. */
public record ValidationReport(boolean valid, List<ConfigProblemView> problems) {
}
