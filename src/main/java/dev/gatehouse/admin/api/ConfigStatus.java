package dev.gatehouse.admin.api;

import java.util.List;

/**
 * Whether config.toml on disk is what runs: {@code valid} false means the last change was rejected and the
 * previous config keeps running; {@code problems} says why. {@code lastChange} is when a change was last looked at.
 */
public record ConfigStatus(String file, boolean valid, List<ConfigProblemView> problems, String lastChange) {
}
