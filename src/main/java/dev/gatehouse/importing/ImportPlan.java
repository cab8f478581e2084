package dev.gatehouse.importing;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.vault.SecretName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an import would do: servers to add (their env, headers and url already rewritten to {@code ${secret:NAME}}
 * references),
 * values to move into the vault, and servers left out with the reason. {@link #lines()} is what {@code --dry-run}
 * prints and what a real import reports: names only. The values are held apart and never printed.
 */
public record ImportPlan(List<ServerConfig> servers, List<Move> moves, List<Skipped> skipped) {

    /**
     * One value to move: from where it stood in {@code server}'s table ({@code env.GITHUB_TOKEN},
     * {@code headers.Authorization}, {@code url query api_key}) to the vault under {@code secret}.
     */
    public record Move(SecretName secret, String server, String from) {
    }

    public record Skipped(String server, String reason) {
    }

    public ImportPlan {
        servers = List.copyOf(servers);
        moves = List.copyOf(moves);
        skipped = List.copyOf(skipped);
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        servers.forEach(s -> lines.add("add server " + s.name()));
        moves.forEach(m -> lines.add("move " + m.server() + " " + m.from() + " into the vault as " + m.secret()));
        skipped.forEach(s -> lines.add("skip server " + s.server() + ": " + s.reason()));
        if (lines.isEmpty()) {
            lines.add("nothing to import");
        }
        return lines;
    }

    /** The plan together with the values it moves; only {@link Importer#apply} reads them. */
    record WithValues(ImportPlan plan, Map<SecretName, String> values) {
    }
}
