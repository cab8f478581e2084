package dev.gatehouse.admin.api;

import java.util.List;

/** The body of {@code POST /api/profiles}: a new profile's name, servers and optional description. */
public record ProfileSpec(String name, String description, List<String> servers) {
}
