package dev.gatehouse.admin.api;

import java.util.List;

/**
 * What {@code secret delete} did. {@code brokenServers} are the servers that still reference the deleted secret
 * (deleted with {@code force}): they keep running with the value they started with and fail on their next start.
 */
public record SecretDeletion(String secret, List<String> brokenServers, String message) {
}
