package dev.gatehouse.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The servers an import reads: from every config file a client has on this machine (most specific first, the
 * first declaration of a name winning, as the clients resolve their own scopes), or from one file.
 */
public final class ImportSources {

    /** The files read and the servers they declare. */
    public record Found(List<Path> files, List<ImportedServer> servers) {

        public Found {
            files = List.copyOf(files);
            servers = List.copyOf(servers);
        }
    }

    /** The client has no config file in any of its locations. */
    public static final class NothingFound extends Exception {
        NothingFound(String message) {
            super(message, null, false, false);
        }
    }

    private ImportSources() {
    }

    /** Reads every config file {@code kind} has where it keeps them on {@code os}. */
    public static Found forClient(ClientKind kind, String os, Path userHome, Map<String, String> environment,
                                  Path workingDirectory)
            throws NothingFound, ClientConfigParser.UnreadableConfig {
        List<Path> looked = kind.locations(os, userHome, environment, workingDirectory);
        List<Path> files = looked.stream().filter(Files::isRegularFile).toList();
        if (files.isEmpty()) {
            throw new NothingFound("no " + kind.label() + " config found; looked in: "
                    + String.join(", ", looked.stream().map(Path::toString).toList()));
        }
        Map<String, ImportedServer> servers = new LinkedHashMap<>();
        for (Path file : files) {
            ClientConfigParser.parse(file).forEach(server -> servers.putIfAbsent(server.name(), server));
        }
        return new Found(files, new ArrayList<>(servers.values()));
    }

    /** Reads one client config file, in any of the formats {@link ClientConfigParser} knows. */
    public static Found forFile(Path file) throws NothingFound, ClientConfigParser.UnreadableConfig {
        if (!Files.isRegularFile(file)) {
            throw new NothingFound(file + " is not a file");
        }
        return new Found(List.of(file), ClientConfigParser.parse(file));
    }

    /** The {@code os} that {@link ClientKind#locations} takes, from an {@code os.name} system property. */
    public static String os(String osName) {
        String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        return name.contains("mac") ? "mac" : name.contains("windows") ? "windows" : "linux";
    }
}
