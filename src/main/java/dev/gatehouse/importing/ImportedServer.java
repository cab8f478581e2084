package dev.gatehouse.importing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One server as a client's config declares it, before planning. {@code url} is set for remote servers, which
 * this version of Gatehouse cannot run yet; {@code cwd} may be null.
 */
public record ImportedServer(String name, String command, List<String> args, Map<String, String> env, String cwd,
                             String url, Path source) {

    public ImportedServer {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }
}
