package dev.gatehouse.config;

import java.util.Optional;

/** Reads the security switches of {@code [gateway]} and the per-server {@code approve_new_tools}. */
final class SecuritySettingsReader {

    private SecuritySettingsReader() {
    }

    static SecuritySettings read(TableReader table, ProblemCollector problems) {
        return new SecuritySettings(table.bool("require_token", SecuritySettings.DEFAULTS.requireToken()),
                approval(table, problems).orElse(SecuritySettings.DEFAULTS.approveNewTools()));
    }

    /** {@code approve_new_tools} if set and valid; an invalid value is reported where it stands. */
    static Optional<ToolApproval> approval(TableReader table, ProblemCollector problems) {
        Optional<String> text = table.string("approve_new_tools");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<ToolApproval> mode = ToolApproval.parse(text.get());
        if (mode.isEmpty()) {
            problems.atValue(table.pathOf("approve_new_tools"),
                    "'approve_new_tools' must be \"auto\" or \"manual\"");
        }
        return mode;
    }
}
