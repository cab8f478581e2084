package dev.gatehouse.routing;

import java.util.Optional;

/**
 * How tool and prompt names are presented to clients. The aggregate endpoint prefixes each name with its server
 * and {@code __}; a single-server endpoint shows names unchanged. Server names never contain {@code __} (the config
 * loader refuses them), so splitting at the first separator is unambiguous.
 */
public sealed interface Namespace {

    String SEPARATOR = "__";

    /** The name a client sees for {@code name} on {@code server}. */
    String qualify(String server, String name);

    /** The server and the server's own name for a name a client sent, if it is well formed. */
    Optional<Target> resolve(String qualified);

    record Target(String server, String name) {
    }

    /** Names are {@code server__name}. */
    record Prefixed() implements Namespace {
        @Override
        public String qualify(String server, String name) {
            return server + SEPARATOR + name;
        }

        @Override
        public Optional<Target> resolve(String qualified) {
            int at = qualified.indexOf(SEPARATOR);
            if (at <= 0 || at + SEPARATOR.length() >= qualified.length()) {
                return Optional.empty();
            }
            return Optional.of(new Target(qualified.substring(0, at), qualified.substring(at + SEPARATOR.length())));
        }
    }

    /** One server: names pass through unchanged. */
    record Single(String server) implements Namespace {
        @Override
        public String qualify(String ignoredServer, String name) {
            return name;
        }

        @Override
        public Optional<Target> resolve(String qualified) {
            return Optional.of(new Target(server, qualified));
        }
    }
}
