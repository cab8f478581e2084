package dev.gatehouse.admin.api;

import java.util.List;

/**
 * One profile: its servers in configured order with their states, what it is for ({@code description}, null when
 * not set), its endpoint path on the MCP plane and the full URL clients connect to.
 */
public record ProfileSummary(String name, String description, String endpoint, String url,
                             List<ProfileMember> servers) {
}
