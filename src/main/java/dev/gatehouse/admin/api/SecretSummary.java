package dev.gatehouse.admin.api;

import java.util.List;

/**
 * One secret as {@code secret list} shows it: never its value. {@code stored} is false for a name that servers
 * reference but the vault does not hold (those servers fail to start until it is set); its times are then null.
 * Times are ISO-8601.
 */
public record SecretSummary(String name, boolean stored, String created, String updated, List<String> referencedBy) {
}
