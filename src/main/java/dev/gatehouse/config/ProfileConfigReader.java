package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns the {@code [profiles.NAME]} tables into {@link ProfileConfig}s, reporting everything wrong with them. Each
 * server a profile lists must be configured (or be the built-in server), so a typo is an error at load time rather
 * than a silently empty endpoint.
 */
final class ProfileConfigReader {

    static final List<String> KEYS = List.of("servers", "description");

    private ProfileConfigReader() {
    }

    /**
     * The profiles in file order; those with problems are reported and left out. {@code serverNames} are the keys
     * of the servers table, so that a server with problems of its own is not reported again as unknown.
     */
    static List<ProfileConfig> read(JsonNode table, Set<String> serverNames, ProblemCollector problems) {
        Set<String> known = new HashSet<>(serverNames);
        known.add(GatewayConfig.BUILTIN_SERVER);
        List<ProfileConfig> profiles = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
            read(entry.getKey(), entry.getValue(), known, problems).ifPresent(profiles::add);
        }
        return profiles;
    }

    private static Optional<ProfileConfig> read(String name, JsonNode value, Set<String> known,
                                                ProblemCollector problems) {
        List<String> path = List.of("profiles", name);
        String label = "[profiles." + name + "]";
        int before = problems.count();
        Optional<TableReader> table = TableReader.named("profiles", name, value, KEYS, problems);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        ServerNameRule.problemWithProfile(name).ifPresent(message -> problems.atKey(path, message));
        TableReader reader = table.get();
        String description = reader.string("description").orElse(null);
        if (!reader.has("servers")) {
            problems.atKey(path, label + " needs 'servers', the list of the servers it shows");
        }
        List<String> members = reader.strings("servers").orElse(List.of());
        if (reader.has("servers") && members.isEmpty() && problems.count() == before) {
            problems.atValue(reader.pathOf("servers"), "'servers' must list at least one server");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            List<String> at = reader.pathOf("servers", "[" + i + "]");
            if (!known.contains(member)) {
                problems.atValue(at, label + " lists unknown server '" + member + "'; add a [servers." + member
                        + "] table or remove it from the list");
            } else if (!seen.add(member)) {
                problems.atValue(at, label + " lists server '" + member + "' more than once");
            }
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProfileConfig(name, description, members));
    }
}
