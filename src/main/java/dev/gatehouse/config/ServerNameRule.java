package dev.gatehouse.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a server name may be. Names become the prefix of every tool, prompt and resource the server offers
 * ({@code github__create_issue}), so they must be short, unambiguous and unable to impersonate the gateway.
 * Anything that adds servers at run time applies this same rule.
 */
public final class ServerNameRule {

    /** Separates server and tool names in namespaced identifiers. */
    public static final String NAMESPACE_SEPARATOR = "__";

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private ServerNameRule() {
    }

    /** Why {@code name} cannot name a server, or empty when it can. */
    public static Optional<String> problemWith(String name) {
        return problemWith("server", name);
    }

    /**
     * Why {@code name} cannot name a profile, or empty when it can. Profiles follow the server rule: their names
     * appear in endpoint paths ({@code /p/NAME/mcp}), where the same safe, unambiguous shape is wanted.
     */
    public static Optional<String> problemWithProfile(String name) {
        return problemWith("profile", name);
    }

    private static Optional<String> problemWith(String kind, String name) {
        if (!SHAPE.matcher(name).matches()) {
            return Optional.of("invalid " + kind + " name '" + name + "': use 1 to 63 letters, digits, '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (name.contains(NAMESPACE_SEPARATOR)) {
            return Optional.of("invalid " + kind + " name '" + name + "': it must not contain '__', which separates"
                    + " server and tool names");
        }
        // Compared without case so that no server can pass for the built-in one to a human reader.
        if (name.toLowerCase(Locale.ROOT).equals(GatewayConfig.BUILTIN_SERVER)) {
            return Optional.of(kind + " name '" + name + "' is reserved for the gateway's built-in server");
        }
        return Optional.empty();
    }
}
