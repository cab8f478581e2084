package dev.gatehouse.config;

import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.vault.UrlReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Which servers of a config reference each secret: for {@code secret list} and {@code secret delete}. */
public final class SecretUsage {

    private SecretUsage() {
    }

    /** Secret name to the servers referencing it, each server once, in config order. */
    public static Map<SecretName, List<String>> of(GatewayConfig config) {
        Map<SecretName, List<String>> usage = new TreeMap<>();
        for (ServerConfig server : config.servers()) {
            for (SecretName name : referencedBy(server)) {
                List<String> servers = usage.computeIfAbsent(name, n -> new ArrayList<>());
                if (!servers.contains(server.name())) {
                    servers.add(server.name());
                }
            }
        }
        usage.replaceAll((name, servers) -> List.copyOf(servers));
        return usage;
    }

    /**
     * The secrets one server references from its env, its headers and its url's query; a loaded config has no
     * malformed reference.
     */
    public static List<SecretName> referencedBy(ServerConfig server) {
        List<SecretName> names = new ArrayList<>();
        List<String> values = new ArrayList<>(server.env().values());
        if (server.remote() != null) {
            values.addAll(server.remote().headers().values());
            names.addAll(UrlReferences.namesIn(server.remote().url()));
        }
        for (String value : values) {
            try {
                SecretRef.findIn(value).forEach(ref -> names.add(ref.name()));
            } catch (SecretRef.MalformedReference e) {
                throw new IllegalStateException("server '" + server.name() + "' passed the loader with a malformed"
                        + " reference", e);
            }
        }
        return names;
    }
}
