package dev.gatehouse.importing;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server as a client's config declares it, before planning. {@code url} and {@code headers} are set for remote
 * servers, with {@code type} the client's transport label ({@code http}, {@code sse}, or null when the client
 * leaves it to be found out); {@code cwd} may be null.
 */
public record ImportedServer(String name, String command, List<String> args, Map<String, String> env, String cwd,
                             String url, Map<String, String> headers, String type, Path source) {

    public ImportedServer {
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A server without headers or a transport label. */
    public ImportedServer(String name, String command, List<String> args, Map<String, String> env, String cwd,
                          String url, Path source) {
        this(name, command, args, env, cwd, url, Map.of(), null, source);
    }
}
